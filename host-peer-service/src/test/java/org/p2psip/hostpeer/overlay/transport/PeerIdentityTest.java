package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.TestPki;

/** The Node-ID a TLS peer may claim is the one its certificate's reload:// URI names. */
class PeerIdentityTest {

  private static final String OVERLAY = TestPeer.OVERLAY.name();

  @Test
  void theCertificateVouchesForItsOwnNodeIdInItsOverlayOnly() throws Exception {
    Id128 certified = Id128.random();
    X509Certificate leaf =
        new TestPki("peer CA").client("peer@p2psip.org", certified.hex(), OVERLAY).certificate();

    assertThat(PeerIdentity.names(leaf, OVERLAY, certified)).isTrue();
    assertThat(PeerIdentity.names(leaf, OVERLAY.toUpperCase(), certified)).isTrue();
    assertThat(PeerIdentity.names(leaf, OVERLAY, Id128.random())).isFalse();
    assertThat(PeerIdentity.names(leaf, "other.p2psip.org", certified)).isFalse();
    assertThat(PeerIdentity.names(null, OVERLAY, certified)).isFalse();
  }

  @Test
  void aCertificateWithoutReloadUrisVouchesForNothing() throws Exception {
    X509Certificate server = new TestPki("peer CA").server().certificate();

    assertThat(PeerIdentity.names(server, OVERLAY, Id128.random())).isFalse();
  }

  @Test
  void aCertificateOfAnotherOverlayIsAnOverlayMismatch() throws Exception {
    TestPki pki = new TestPki("peer CA");
    X509Certificate ours =
        pki.client("peer@p2psip.org", Id128.random().hex(), OVERLAY).certificate();
    X509Certificate theirs =
        pki.client("peer@p2psip.org", Id128.random().hex(), "other.p2psip.org").certificate();

    assertThat(PeerIdentity.namesOnlyOtherOverlays(theirs, OVERLAY)).isTrue();
    assertThat(PeerIdentity.namesOnlyOtherOverlays(ours, OVERLAY)).isFalse();
    assertThat(PeerIdentity.namesOnlyOtherOverlays(ours, OVERLAY.toUpperCase())).isFalse();
    // no reload:// names at all: an identity question (403/3), not an overlay one
    assertThat(PeerIdentity.namesOnlyOtherOverlays(pki.server().certificate(), OVERLAY)).isFalse();
    assertThat(PeerIdentity.namesOnlyOtherOverlays(null, OVERLAY)).isFalse();
  }
}
