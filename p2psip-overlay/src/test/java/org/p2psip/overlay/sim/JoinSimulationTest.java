package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.protocol.value.Id128;

/**
 * Peers joining through bootstrap addresses (docs/peer-protocol.md 4.2-4.4, 8.1), in virtual time:
 * the seed forms the ring alone, every other peer is admitted, the successor lists converge to the
 * true ring, and lookups through the real messages reach the responsible peer.
 */
class JoinSimulationTest {

  private static final int PEERS = 40;

  @Test
  void peersJoiningThroughTheSeedFormOneCorrectRing() {
    Random random = new Random(7);
    SimNetwork network = new SimNetwork(7, SimNetwork.settings());
    SimNetwork.SimNode seed = network.add(Id128.random(random), true);
    seed.overlay.start(List.of());
    assertThat(seed.overlay.phase()).isEqualTo(NodePhase.JOINED);

    List<SimNetwork.SimNode> joiners = new ArrayList<>();
    for (int i = 1; i < PEERS; i++) {
      SimNetwork.SimNode peer = network.add(Id128.random(random));
      joiners.add(peer);
      // Half start at once, half later: concurrent joins meet 410 and retry.
      long delay = i < PEERS / 2 ? 0 : 200L * i;
      network.time.schedule(delay, () -> peer.overlay.start(List.of(seed.address)));
    }
    network.time.advance(120_000);
    assertThat(joiners)
        .allSatisfy(peer -> assertThat(peer.overlay.phase()).isEqualTo(NodePhase.JOINED));

    network.time.advance(60_000); // stabilization rounds
    assertThat(RingChecks.wrongSuccessorLists(network, 4)).isEmpty();

    network.time.advance(150_000); // a full sweep of the fingers
    RingChecks.Lookups lookups = RingChecks.lookups(network, 500, random);
    assertThat(lookups.correct()).isEqualTo(lookups.sent());
  }

  @Test
  void aSeedThatReachesNobodyFormsTheRingAloneAfterTheBootstrapTimeout() {
    SimNetwork network = new SimNetwork(3, SimNetwork.settings());
    SimNetwork.SimNode seed = network.add(Id128.random(new Random(3)), true);
    seed.overlay.start(List.of("peer-99:6094", "peer-98:6094"));
    network.time.advance(5_000);
    assertThat(seed.overlay.phase()).isEqualTo(NodePhase.JOINING);
    network.time.advance(10_000);
    assertThat(seed.overlay.phase()).isEqualTo(NodePhase.JOINED);
  }

  @Test
  void aNonSeedWithNobodyToJoinKeepsTrying() {
    SimNetwork network = new SimNetwork(4, SimNetwork.settings());
    SimNetwork.SimNode lonely = network.add(Id128.random(new Random(4)));
    lonely.overlay.start(List.of("peer-99:6094"));
    network.time.advance(300_000);
    assertThat(lonely.overlay.phase()).isEqualTo(NodePhase.JOINING);
    // A seed appears at that address later: the lonely peer joins it.
    SimNetwork.SimNode seed = null;
    for (int i = 1; i < 100; i++) {
      SimNetwork.SimNode added = network.add(Id128.random(new Random(100 + i)), i == 99);
      if (i == 99) {
        seed = added;
      }
    }
    seed.overlay.start(List.of());
    network.time.advance(60_000);
    assertThat(lonely.overlay.phase()).isEqualTo(NodePhase.JOINED);
  }

  @Test
  void aMemberLeftAloneJoinsAgainThroughItsBootstrapList() {
    SimNetwork network = new SimNetwork(5, SimNetwork.settings());
    Random random = new Random(5);
    SimNetwork.SimNode seed = network.add(Id128.random(random), true);
    SimNetwork.SimNode member = network.add(Id128.random(random));
    SimNetwork.SimNode later = network.add(Id128.random(random), true);
    seed.overlay.start(List.of());
    member.overlay.start(List.of(seed.address, later.address));
    network.time.advance(30_000);
    assertThat(member.overlay.phase()).isEqualTo(NodePhase.JOINED);

    network.crash(seed.id);
    network.time.advance(30_000);
    assertThat(member.overlay.view().successors()).isEmpty();
    assertThat(member.overlay.phase())
        .as("alone and not a seed: no ring member, it looks for one")
        .isEqualTo(NodePhase.JOINING);

    later.overlay.start(List.of());
    network.time.advance(60_000);
    assertThat(member.overlay.phase()).isEqualTo(NodePhase.JOINED);
    assertThat(member.overlay.view().successors()).containsExactly(later.id);
  }
}
