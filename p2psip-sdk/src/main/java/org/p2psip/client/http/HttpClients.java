package org.p2psip.client.http;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/** HTTP clients for the overlay's services, trusting a given certificate for HTTPS if asked. */
public final class HttpClients {

  private HttpClients() {}

  /**
   * Trusts the certificates in {@code caPem} (a development CA, an operator's CA) or, if null, the
   * JVM's.
   */
  public static HttpClient trusting(@Nullable Path caPem) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (caPem != null) {
      builder.sslContext(sslContext(caPem));
    }
    return builder.build();
  }

  /**
   * Like {@link #trusting}, and presents {@code certificate} with {@code key} as TLS client
   * certificate to servers that ask for one (the gateway does, to learn who the client is).
   */
  public static HttpClient withClientCertificate(
      @Nullable Path caPem, PrivateKey key, X509Certificate certificate) {
    try {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      identity.setKeyEntry("client", key, new char[0], new Certificate[] {certificate});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity, new char[0]);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(caPem == null ? null : trustStore(caPem));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .sslContext(context)
          .build();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot use the client certificate: " + e.getMessage(), e);
    }
  }

  public static SSLContext sslContext(Path caPem) {
    try {
      TrustManagerFactory managers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(trustStore(caPem));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has TLS", e);
    }
  }

  private static KeyStore trustStore(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      return trust;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read trusted certificates from " + caPem, e);
    }
  }
}
