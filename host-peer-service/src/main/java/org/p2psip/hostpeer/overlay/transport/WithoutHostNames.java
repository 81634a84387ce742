package org.p2psip.hostpeer.overlay.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A trust manager that checks the chain against the peer CA but not the host name: peers are named
 * by the Node-ID in their certificate (docs/peer-protocol.md 1), which the handshake checks, and
 * Reactor Netty's client would otherwise require the address in a SAN.
 */
final class WithoutHostNames extends X509ExtendedTrustManager {

  private final X509TrustManager chains;

  private WithoutHostNames(X509TrustManager chains) {
    this.chains = chains;
  }

  static TrustManager of(TrustManagerFactory trust) {
    for (TrustManager manager : trust.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return new WithoutHostNames(x509);
      }
    }
    throw new IllegalArgumentException("no X.509 trust manager in " + trust.getAlgorithm());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    chains.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    chains.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    chains.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    chains.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    chains.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    chains.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chains.getAcceptedIssuers();
  }
}
