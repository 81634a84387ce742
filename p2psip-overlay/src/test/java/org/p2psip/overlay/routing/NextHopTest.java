package org.p2psip.overlay.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.overlay.routing.Ids.after;
import static org.p2psip.overlay.routing.Ids.id;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.routing.HopCondition.Usability;
import org.p2psip.protocol.value.Id128;

/**
 * The next-hop rules of docs/peer-protocol.md 3.3 and flexible forwarding (3.4) on a small ring.
 * Peer n = 0x80 knows successors 0x90, 0xa0 and predecessors 0x70, 0x60 (S = 2), and fingers 0xc0
 * and 0x10.
 */
class NextHopTest {

  private final RoutingState state = new RoutingState(id(0x80), 2);

  NextHopTest() {
    state.merge(List.of(id(0x90), id(0xa0), id(0x70), id(0x60)));
    state.putFinger(126, id(0xc0));
    state.putFinger(127, id(0x10));
  }

  private Route route(Id128 key) {
    return NextHop.forKey(state, key, HopCondition.ALL_USABLE);
  }

  @Test
  void rule1KeysInOwnResponsibilityAreLocal() {
    assertThat(route(id(0x80))).isEqualTo(Route.LOCAL);
    assertThat(route(after(0x70))).isEqualTo(Route.LOCAL);
    assertThat(route(id(0x70))).isNotEqualTo(Route.LOCAL); // p1 itself is p1's
  }

  @Test
  void rule2KeysUpToTheLastSuccessorGoToTheSuccessorOwningThem() {
    assertThat(route(after(0x80))).isEqualTo(new Route.Next(id(0x90), true));
    assertThat(route(id(0x90))).isEqualTo(new Route.Next(id(0x90), true));
    assertThat(route(after(0x90))).isEqualTo(new Route.Next(id(0xa0), true));
    assertThat(route(id(0xa0))).isEqualTo(new Route.Next(id(0xa0), true));
  }

  @Test
  void rule3KeysJustBehindGoBackToThePredecessorOwningThem() {
    assertThat(route(id(0x70))).isEqualTo(new Route.Next(id(0x70), true));
    assertThat(route(after(0x60))).isEqualTo(new Route.Next(id(0x70), true));
    // Behind the last predecessor: not rule 3 any more; rule 4 goes round the ring.
    assertThat(route(id(0x60))).isEqualTo(new Route.Next(id(0x10), false));
  }

  @Test
  void rule4ForwardsToTheClosestKnownPeerBeforeTheKey() {
    assertThat(route(id(0xd0))).isEqualTo(new Route.Next(id(0xc0), false));
    assertThat(route(id(0xc0))).isEqualTo(new Route.Next(id(0xa0), false)); // (n, k) is open
    assertThat(route(id(0x20))).isEqualTo(new Route.Next(id(0x10), false));
    assertThat(route(id(0x05))).isEqualTo(new Route.Next(id(0xc0), false)); // wraps past zero
  }

  @Test
  void flexibleForwardingSkipsBusyAndUnusablePeers() {
    Map<Id128, Usability> conditions =
        Map.of(id(0x10), Usability.BUSY, id(0xc0), Usability.UNUSABLE);
    HopCondition condition = peer -> conditions.getOrDefault(peer, Usability.USABLE);
    // 0x10 busy: the next closest before 0x20 is 0xc0 (unusable), then 0xa0.
    assertThat(NextHop.forKey(state, id(0x20), condition))
        .isEqualTo(new Route.Next(id(0xa0), false));
  }

  @Test
  void theClosestBusyCandidateIsUsedWhenEveryCandidateIsBusy() {
    HopCondition allBusy = peer -> Usability.BUSY;
    assertThat(NextHop.forKey(state, id(0x20), allBusy)).isEqualTo(new Route.Next(id(0x10), false));
  }

  @Test
  void withNoUsableCandidateTheRequestGoesToTheFirstSuccessor() {
    HopCondition mixed = peer -> peer.equals(id(0x10)) ? Usability.BUSY : Usability.UNUSABLE;
    assertThat(NextHop.forKey(state, id(0x20), mixed)).isEqualTo(new Route.Next(id(0x90), true));
  }

  @Test
  void aPeerAloneIsResponsibleForEveryKey() {
    RoutingState alone = new RoutingState(id(0x80), 4);
    assertThat(NextHop.forKey(alone, id(0x01), HopCondition.ALL_USABLE)).isEqualTo(Route.LOCAL);
    assertThat(alone.responsibility().isWholeRing()).isTrue();
  }

  @Test
  void aLeavingPeerHandsItsRangeToItsFirstSuccessor() {
    assertThat(NextHop.forKey(state, id(0x80), HopCondition.ALL_USABLE, true))
        .isEqualTo(new Route.Next(id(0x90), true));
  }

  @Test
  void aReplicaReadIsDeliveredOnlyToItsAddressedPeer() {
    assertThat(NextHop.toNode(state, id(0x80), HopCondition.ALL_USABLE)).isEqualTo(Route.LOCAL);
    assertThat(NextHop.toNode(state, id(0x90), HopCondition.ALL_USABLE))
        .isEqualTo(new Route.Next(id(0x90), true));
    // No peer 0x95 in the lists: the final hop would be 0xa0, another peer: 408/2.
    assertThat(NextHop.toNode(state, id(0x95), HopCondition.ALL_USABLE)).isEqualTo(Route.NO_ROUTE);
    // A key this peer is responsible for but that is not its Node-ID: 408/2.
    assertThat(NextHop.toNode(state, after(0x70), HopCondition.ALL_USABLE))
        .isEqualTo(Route.NO_ROUTE);
    // Far away: forwarded towards it.
    assertThat(NextHop.toNode(state, id(0xd0), HopCondition.ALL_USABLE))
        .isEqualTo(new Route.Next(id(0xc0), false));
  }
}
