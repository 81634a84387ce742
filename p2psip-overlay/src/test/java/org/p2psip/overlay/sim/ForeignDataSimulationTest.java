package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * Dropping foreign data (docs/peer-protocol.md 5.8), in virtual time: when a peer joins, the peer
 * whose replica range shrank keeps the versions now outside it through the handover grace, then
 * synchronises them with the peer responsible and drops them; every record keeps R copies all
 * along, and in the end every peer holds only versions of its replica range.
 */
class ForeignDataSimulationTest {

  private static final int PEERS = 12;
  private static final int RECORDS = 300;
  private static final int R = 3;

  @Test
  void afterAJoinForeignVersionsAreDroppedOnlyOnceTheResponsiblePeerHoldsThem() {
    Random random = new Random(23);
    SimNetwork network = new SimNetwork(23, SimNetwork.settings());
    List<SimNetwork.SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      nodes.add(network.add(Id128.random(random)));
    }
    ConvergedRing.start(nodes, 4);
    network.time.advance(2_000);
    Id128 owner = Id128.random(random);
    int[] stored = {0};
    for (int record = 0; record < RECORDS; record++) {
      SimNetwork.SimNode via = nodes.get(random.nextInt(PEERS));
      via.overlay.originate(
          Records.put(via.overlay.self(), owner, record, random.nextInt()),
          answer -> {
            if (answer.response().code() == ResponseCode.OK.code()) {
              stored[0]++;
            }
          });
    }
    network.time.advance(5_000);
    assertThat(stored[0]).isEqualTo(RECORDS);
    assertThat(outsideReplicaRanges(network)).as("a converged ring holds no foreign data").isZero();

    SimNetwork.SimNode joiner = network.add(Id128.random(random));
    joiner.overlay.start(List.of(nodes.get(0).address));
    network.time.advance(30_000);
    assertThat(joiner.overlay.phase()).isEqualTo(NodePhase.JOINED);
    int foreignAfterJoin = outsideReplicaRanges(network);
    assertThat(foreignAfterJoin)
        .as("the peer whose range shrank still holds what it handed over")
        .isPositive();
    assertThat(fewestCopies(network, owner)).isGreaterThanOrEqualTo(R);

    // within the handover grace (60 s) nothing is dropped yet
    network.time.advance(20_000);
    assertThat(outsideReplicaRanges(network)).isEqualTo(foreignAfterJoin);

    network.time.advance(200_000); // grace, then repair rounds (60 s each, jittered)
    assertThat(outsideReplicaRanges(network)).as("foreign versions dropped").isZero();
    assertThat(fewestCopies(network, owner)).as("every record keeps R copies").isEqualTo(R);
  }

  /** Versions held by a peer outside its replica range as the true ring has it. */
  private static int outsideReplicaRanges(SimNetwork network) {
    List<Id128> ring = network.alive().stream().map(node -> node.id).toList();
    int outside = 0;
    for (SimNetwork.SimNode node : network.alive()) {
      for (StoredVersion version : node.store.objects.values()) {
        if (!RingChecks.replicaSet(ring, version.key().resourceId(), R).contains(node.id)) {
          outside++;
        }
      }
    }
    return outside;
  }

  /** The smallest number of live copies any record has among the live peers. */
  private static int fewestCopies(SimNetwork network, Id128 owner) {
    int fewest = Integer.MAX_VALUE;
    for (int record = 0; record < RECORDS; record++) {
      int copies = 0;
      for (SimNetwork.SimNode node : network.alive()) {
        if (node.store.holdsLive(Records.resourceId(record), owner)) {
          copies++;
        }
      }
      fewest = Math.min(fewest, copies);
    }
    return fewest;
  }
}
