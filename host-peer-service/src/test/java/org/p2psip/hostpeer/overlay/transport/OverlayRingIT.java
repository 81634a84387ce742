package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.protocol.value.Id128;

/**
 * Three overlay nodes over real TCP on loopback: a seed and two peers bootstrapping through its
 * address form one ring whose successor lists are the true ring order.
 */
class OverlayRingIT {

  private final List<TestPeer> peers = new ArrayList<>();

  @AfterEach
  void closePeers() {
    peers.forEach(TestPeer::close);
  }

  @Test
  void threePeersJoinThroughTheSeedAndAgreeOnTheRing() {
    TestPeer seed = peer(true);
    seed.start(List.of());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> seed.query(node -> node.phase()) == NodePhase.JOINED);
    TestPeer second = peer(false);
    second.start(List.of(seed.address()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> second.query(node -> node.phase()) == NodePhase.JOINED);
    TestPeer third = peer(false);
    third.start(List.of(seed.address()));

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              List<TestPeer> ring = new ArrayList<>(peers);
              ring.sort(Comparator.comparing(peer -> peer.id));
              for (int i = 0; i < ring.size(); i++) {
                NodeView view = ring.get(i).query(node -> node.view());
                List<Id128> expected = List.of(ring.get((i + 1) % 3).id, ring.get((i + 2) % 3).id);
                assertThat(view.phase()).isEqualTo(NodePhase.JOINED);
                assertThat(view.successors()).isEqualTo(expected);
              }
            });
  }

  private TestPeer peer(boolean seed) {
    TestPeer peer = new TestPeer(Id128.random(), seed);
    peers.add(peer);
    return peer;
  }
}
