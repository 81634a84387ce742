package org.p2psip.hostpeer.overlay.transport;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import reactor.netty.Connection;

/**
 * Whether a connection's peer is entitled to a Node-ID (docs/peer-protocol.md 1, "Peer identity"):
 * over TLS the certificate must name it in a {@code reload://<32 hex>@<overlay>/} URI SAN of the
 * configured overlay; in development anything asserted is taken.
 */
@FunctionalInterface
interface PeerIdentity {

  /**
   * Development mode: whatever the handshake claims. No trust boundary at all (section 9), so the
   * peer port must not be reachable from outside the machine or test network.
   */
  PeerIdentity ASSERTED_UNVERIFIED = (connection, claimed) -> true;

  /** The GeneralName tag of a uniformResourceIdentifier. */
  int SAN_URI = 6;

  /** True when the peer on {@code connection} may use {@code claimed} as its Node-ID. */
  boolean vouchesFor(Connection connection, Id128 claimed);

  /**
   * True when the peer's certificate is for another overlay: it names Node-IDs, but of no overlay
   * but a different one. That is an overlay mismatch (403/2), not an identity one (docs/peer-
   * protocol.md 2.4: "Overlay Info or certificate overlay name"). Never in development mode.
   */
  default boolean forAnotherOverlay(Connection connection) {
    return false;
  }

  /** Node-IDs from the peer's TLS certificate, for {@code overlayName}. */
  static PeerIdentity certificates(String overlayName) {
    return new PeerIdentity() {
      @Override
      public boolean vouchesFor(Connection connection, Id128 claimed) {
        return names(leaf(connection), overlayName, claimed);
      }

      @Override
      public boolean forAnotherOverlay(Connection connection) {
        return namesOnlyOtherOverlays(leaf(connection), overlayName);
      }
    };
  }

  /**
   * True when {@code leaf} has {@code reload://} URI SANs and none of them is for {@code
   * overlayName}.
   */
  static boolean namesOnlyOtherOverlays(@Nullable X509Certificate leaf, String overlayName) {
    if (leaf == null) {
      return false;
    }
    String suffix = "@" + overlayName.toLowerCase(Locale.ROOT) + "/";
    boolean anyReload = false;
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names == null) {
        return false;
      }
      for (List<?> name : names) {
        if (Integer.valueOf(SAN_URI).equals(name.get(0))
            && name.get(1) instanceof String uri
            && uri.toLowerCase(Locale.ROOT).startsWith("reload://")) {
          anyReload = true;
          if (uri.toLowerCase(Locale.ROOT).endsWith(suffix)) {
            return false;
          }
        }
      }
      return anyReload;
    } catch (CertificateParsingException unreadable) {
      return false;
    }
  }

  /**
   * True when {@code leaf} names {@code claimed} as a Node-ID of {@code overlayName} in a URI SAN.
   * Read here rather than by {@code CertificateIdentity.of}, which requires the user name that a
   * host-peer certificate does not carry (docs/peer-protocol.md 1).
   */
  static boolean names(@Nullable X509Certificate leaf, String overlayName, Id128 claimed) {
    if (leaf == null) {
      return false;
    }
    String expected = CertificateIdentity.reloadUri(claimed, overlayName);
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names == null) {
        return false;
      }
      for (List<?> name : names) {
        if (Integer.valueOf(SAN_URI).equals(name.get(0))
            && name.get(1) instanceof String uri
            && uri.equalsIgnoreCase(expected)) {
          return true;
        }
      }
      return false;
    } catch (CertificateParsingException unreadable) {
      return false;
    }
  }

  private static @Nullable X509Certificate leaf(Connection connection) {
    SslHandler tls = connection.channel().pipeline().get(SslHandler.class);
    if (tls == null) {
      return null;
    }
    try {
      Certificate[] chain = tls.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
