package org.p2psip.client.http;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP clients for the overlay's services, trusting a given certificate for HTTPS if asked. */
public final class HttpClients {

  private HttpClients() {}

  /**
   * Trusts the certificates in {@code caPem} (a development CA, an operator's CA) or, if null, the
   * JVM's.
   */
  public static HttpClient trusting(Path caPem) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (caPem != null) {
      builder.sslContext(sslContext(caPem));
    }
    return builder.build();
  }

  public static SSLContext sslContext(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory managers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read trusted certificates from " + caPem, e);
    }
  }
}
