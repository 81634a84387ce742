package org.p2psip.overlay.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * A ring of N peers whose routing state is exactly right: full lists and every finger the true
 * Responsible(n + 2^i). What maintenance converges to, so routing can be measured on its own.
 */
final class IdealRing {

  final List<Id128> peers;
  final Map<Id128, RoutingState> states = new HashMap<>();

  IdealRing(int size, int listSize, Random random) {
    List<Id128> ids = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ids.add(Id128.random(random));
    }
    Collections.sort(ids);
    this.peers = List.copyOf(ids);
    for (int i = 0; i < size; i++) {
      Id128 self = peers.get(i);
      RoutingState state = new RoutingState(self, listSize);
      List<Id128> neighbours = new ArrayList<>();
      for (int k = 1; k <= listSize && k < size; k++) {
        neighbours.add(peers.get((i + k) % size));
        neighbours.add(peers.get(Math.floorMod(i - k, size)));
      }
      state.merge(neighbours);
      for (int finger = 0; finger < RoutingState.FINGERS; finger++) {
        state.putFinger(finger, responsible(Ring.fingerTarget(self, finger)));
      }
      states.put(self, state);
    }
  }

  /** The first peer at or after {@code key} clockwise. */
  Id128 responsible(Id128 key) {
    int index = Collections.binarySearch(peers, key);
    int at = index >= 0 ? index : -index - 1;
    return peers.get(at == peers.size() ? 0 : at);
  }
}
