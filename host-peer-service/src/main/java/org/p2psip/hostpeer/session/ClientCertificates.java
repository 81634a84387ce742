package org.p2psip.hostpeer.session;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.p2psip.protocol.reload.CertificateIdentity;

/** Reads the overlay identity out of the client certificate of a TLS connection. */
final class ClientCertificates {

  private ClientCertificates() {}

  static CertificateIdentity identity(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      return CertificateIdentity.of(leaf);
    } catch (SSLPeerUnverifiedException e) {
      return null; // the client sent no certificate (client auth optional)
    } catch (IllegalArgumentException e) {
      return null; // a certificate, but not an overlay identity
    }
  }
}
