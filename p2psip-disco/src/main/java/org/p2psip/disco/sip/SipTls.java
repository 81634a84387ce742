package org.p2psip.disco.sip;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SIP over TLS with overlay certificates (docs/disco-sip.md, "SIP over TLS"): this agent's overlay
 * certificate and key, and the overlay CA the other end's certificate must chain to. Both ends
 * present a certificate (mutual TLS): the TLS port admits overlay members only. Host names are not
 * checked: overlay certificates name users and Node-IDs, not hosts.
 *
 * @param context the TLS context both the listening and the connecting side use
 * @param port the TLS port (0: any free one)
 */
public record SipTls(SSLContext context, int port) {

  /** Protocols offered: TLS 1.3 and 1.2 only (the stack's own default still lists TLS 1.0). */
  static final String PROTOCOLS = "TLSv1.3,TLSv1.2";

  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  /**
   * @param key this agent's private key
   * @param chain its certificate first, then any intermediates
   * @param ca the overlay CA the other end's certificate must chain to
   */
  public static SipTls of(
      PrivateKey key, List<X509Certificate> chain, X509Certificate ca, int port) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("sip", key, IN_MEMORY, chain.toArray(new Certificate[0]));
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, IN_MEMORY);
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("overlay-ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
      return new SipTls(context, port);
    } catch (GeneralSecurityException | IOException e) {
      throw new SipFailure("no TLS context from the overlay certificate", e);
    }
  }

  /** The cipher suites offered: the JDK's defaults for this context (never anonymous ones). */
  String cipherSuites() {
    return String.join(",", context.getDefaultSSLParameters().getCipherSuites());
  }
}
