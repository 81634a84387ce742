package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.TestPki;

/**
 * Three peers over TLS with certificates naming their Node-IDs form one ring; the Node-ID a peer
 * asserts must be its certificate's.
 */
class TlsRingIT {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private final List<TestPeer> peers = new ArrayList<>();

  @AfterEach
  void closePeers() {
    peers.forEach(TestPeer::close);
  }

  @Test
  void threePeersWithCertificatesJoinAndAgreeOnTheRing() throws Exception {
    TestPki pki = new TestPki("peer CA");
    TestPeer seed = peer(pki, true);
    seed.start(List.of());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> seed.query(node -> node.phase()) == NodePhase.JOINED);
    TestPeer second = peer(pki, false);
    second.start(List.of(seed.address()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> second.query(node -> node.phase()) == NodePhase.JOINED);
    peer(pki, false).start(List.of(seed.address()));

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              List<TestPeer> ring = new ArrayList<>(peers);
              ring.sort(Comparator.comparing(peer -> peer.id));
              for (int i = 0; i < ring.size(); i++) {
                NodeView view = ring.get(i).query(node -> node.view());
                assertThat(view.phase()).isEqualTo(NodePhase.JOINED);
                assertThat(view.successors())
                    .isEqualTo(List.of(ring.get((i + 1) % 3).id, ring.get((i + 2) % 3).id));
              }
            });
  }

  @Test
  void aCertificateForAnotherNodeIdIsNoEntry() throws Exception {
    TestPki pki = new TestPki("peer CA");
    TestPeer seed = peer(pki, true);
    seed.start(List.of());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> seed.query(node -> node.phase()) == NodePhase.JOINED);
    TestPeer impostor = new TestPeer(Id128.random(), false, tls(pki, Id128.random()));
    peers.add(impostor);
    long refusedBefore = seed.transport.counters().failedHandshakes();
    impostor.start(List.of(seed.address()));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> seed.transport.counters().failedHandshakes() > refusedBefore);
    NodePhase phase = impostor.query(node -> node.phase());
    assertThat(phase).isNotEqualTo(NodePhase.JOINED);
  }

  private TestPeer peer(TestPki pki, boolean seed) throws Exception {
    Id128 id = Id128.random();
    TestPeer peer = new TestPeer(id, seed, tls(pki, id));
    peers.add(peer);
    return peer;
  }

  /** Key and trust managers for a host-peer certificate naming {@code certified}. */
  private static PeerTls tls(TestPki pki, Id128 certified) throws Exception {
    TestPki.Issued issued = pki.client("peer@p2psip.org", certified.hex(), TestPeer.OVERLAY.name());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "peer",
        issued.keys().getPrivate(),
        PASSWORD,
        new Certificate[] {issued.certificate(), pki.ca.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("peer-ca", pki.ca.certificate());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(anchors);
    return new PeerTls(keyManagers, trust);
  }
}
