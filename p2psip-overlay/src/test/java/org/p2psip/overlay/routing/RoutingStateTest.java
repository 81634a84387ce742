package org.p2psip.overlay.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.overlay.routing.Ids.id;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.Ring;

/** Lists, ranges, merging (docs/peer-protocol.md 3.2, 4.4) and fingers (4.6). */
class RoutingStateTest {

  @Test
  void mergeKeepsTheSNearestPeersInEachDirection() {
    RoutingState state = new RoutingState(id(0x80), 3);
    RoutingState.Change change =
        state.merge(List.of(id(0x10), id(0x90), id(0xf0), id(0x70), id(0x20), id(0x80), id(0xa0)));
    assertThat(state.successors()).containsExactly(id(0x90), id(0xa0), id(0xf0));
    assertThat(state.predecessors()).containsExactly(id(0x70), id(0x20), id(0x10));
    assertThat(change.firstPredecessorChanged()).isTrue();
    assertThat(change.firstSuccessorChanged()).isTrue();

    // A nearer successor pushes the farthest out; p1 stays.
    RoutingState.Change second = state.merge(List.of(id(0x88)));
    assertThat(state.successors()).containsExactly(id(0x88), id(0x90), id(0xa0));
    assertThat(second.firstSuccessorChanged()).isTrue();
    assertThat(second.firstPredecessorChanged()).isFalse();
    assertThat(state.merge(List.of(id(0x90))).any()).isFalse();
  }

  @Test
  void aSmallRingHasTheSamePeersInBothLists() {
    RoutingState state = new RoutingState(id(0x80), 4);
    state.merge(List.of(id(0x10), id(0xc0)));
    assertThat(state.successors()).containsExactly(id(0xc0), id(0x10));
    assertThat(state.predecessors()).containsExactly(id(0x10), id(0xc0));
  }

  @Test
  void rangesReachBackOneRAndSPredecessors() {
    RoutingState state = new RoutingState(id(0x80), 3);
    state.merge(List.of(id(0x70), id(0x60), id(0x50), id(0x90)));
    assertThat(state.responsibility()).isEqualTo(new Range(id(0x70), id(0x80)));
    assertThat(state.replicaRange(2)).isEqualTo(new Range(id(0x60), id(0x80)));
    assertThat(state.acceptedRange()).isEqualTo(new Range(id(0x50), id(0x80)));
    // Fewer predecessors than needed: the whole ring.
    assertThat(state.replicaRange(4).isWholeRing()).isTrue();
    assertThat(state.replicaSet(3)).containsExactly(id(0x80), id(0x90), id(0x50));
  }

  @Test
  void removingAPeerForgetsItInListsAndFingers() {
    RoutingState state = new RoutingState(id(0x80), 2);
    state.merge(List.of(id(0x90), id(0xa0), id(0x70)));
    state.putFinger(127, id(0x90));
    RoutingState.Change change = state.remove(id(0x90));
    assertThat(state.successors()).containsExactly(id(0xa0));
    assertThat(state.predecessors()).containsExactly(id(0x70), id(0xa0));
    assertThat(state.finger(127)).isNull();
    assertThat(change.firstSuccessorChanged()).isTrue();
    assertThat(state.knows(id(0x90))).isFalse();
  }

  @Test
  void aSearchPeerAnswerFillsEveryFingerWhoseTargetItOwns() {
    RoutingState state = new RoutingState(id(0x00), 2);
    // Finger 124's target is 0x10..., answered by peer 0x40...: fingers 125 (0x20) and
    // 126 (0x40) fall in (0x10, 0x40] too; 127 (0x80) does not.
    state.setFinger(124, id(0x40));
    assertThat(state.finger(124)).isEqualTo(id(0x40));
    assertThat(state.finger(125)).isEqualTo(id(0x40));
    assertThat(state.finger(126)).isEqualTo(id(0x40));
    assertThat(state.finger(127)).isNull();
    assertThat(state.finger(123)).isNull();
    assertThat(Ring.fingerTarget(id(0x00), 126)).isEqualTo(id(0x40));
    assertThat(state.distinctFingers()).containsExactly(id(0x40));
  }

  @Test
  void aFingerNamingThePeerItselfIsNoFinger() {
    RoutingState state = new RoutingState(id(0x00), 2);
    state.setFinger(127, id(0x00));
    assertThat(state.finger(127)).isNull();
  }
}
