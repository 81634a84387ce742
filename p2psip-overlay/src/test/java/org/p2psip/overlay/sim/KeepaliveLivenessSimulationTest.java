package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.protocol.value.Id128;

/**
 * The liveness rule of failure detection (docs/peer-protocol.md 4.5 and its decisions): any request
 * from a peer counts as an answer. A peer whose keep-alive answers are lost (on a saturated machine
 * they queue behind other traffic) but which keeps sending its own requests stays a member; one
 * that is silent both ways is found dead by its neighbours within the keep-alives it may miss. Real
 * node code in virtual time.
 */
class KeepaliveLivenessSimulationTest {

  private static final int SIZE = 10;
  private static final int LIST_SIZE = 4;
  // keep-alive every 5 s, 3 missed in a row: dead after 15 to 20 s; a minute is plenty
  private static final long WATCHED_MILLIS = 60_000;

  @Test
  void aPeerThatStillSendsRequestsStaysAMemberWhenItsKeepaliveAnswersAreLost() {
    Ring ring = converged(1);
    ring.network.keepaliveAnswersLost.add(ring.watched);
    ring.network.time.advance(WATCHED_MILLIS);

    assertThat(ring.neighboursThatDeclaredItDead()).isEmpty();
    assertThat(RingChecks.wrongSuccessorLists(ring.network, LIST_SIZE)).isEmpty();
  }

  @Test
  void aPeerSilentBothWaysIsFoundDeadByEveryNeighbour() {
    Ring ring = converged(2);
    ring.network.keepaliveAnswersLost.add(ring.watched);
    ring.network.requestsLost.add(ring.watched);
    ring.network.time.advance(WATCHED_MILLIS);

    assertThat(ring.neighboursThatDeclaredItDead()).isEqualTo(ring.neighbours);
  }

  private static Ring converged(long seed) {
    Random random = new Random(seed);
    SimNetwork network = new SimNetwork(seed, SimNetwork.settings());
    List<SimNetwork.SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      nodes.add(network.add(Id128.random(random)));
    }
    ConvergedRing.start(nodes, LIST_SIZE);
    network.time.advance(12_000);
    assertThat(RingChecks.wrongSuccessorLists(network, LIST_SIZE)).isEmpty();
    assertThat(network.deaths).isEmpty();
    Id128 watched = nodes.get(3).id;
    NodeView view = network.node(watched).overlay.view();
    Set<Id128> neighbours = new HashSet<>(view.successors());
    neighbours.addAll(view.predecessors());
    return new Ring(network, watched, neighbours);
  }

  private record Ring(SimNetwork network, Id128 watched, Set<Id128> neighbours) {

    Set<Id128> neighboursThatDeclaredItDead() {
      Set<Id128> observers = new HashSet<>();
      for (Id128[] death : network.deaths) {
        if (death[1].equals(watched) && neighbours.contains(death[0])) {
          observers.add(death[0]);
        }
      }
      return observers;
    }
  }
}
