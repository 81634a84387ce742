package org.p2psip.hostpeer.session;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.CertificateIdentity;

/** Reads the client certificate of a TLS connection and the overlay identity it names. */
final class ClientCertificates {

  private ClientCertificates() {}

  /** The overlay identity of {@code leaf}, or null when it names none. */
  static @Nullable CertificateIdentity identity(@Nullable X509Certificate leaf) {
    if (leaf == null) {
      return null;
    }
    try {
      return CertificateIdentity.of(leaf);
    } catch (IllegalArgumentException e) {
      return null; // a certificate, but not an overlay identity
    }
  }

  /** The verified leaf certificate the client presented, or null. */
  static @Nullable X509Certificate leaf(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      return leaf;
    } catch (SSLPeerUnverifiedException e) {
      return null; // the client sent no certificate (client auth optional)
    }
  }
}
