package org.p2psip.overlay.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * The next-hop rules of docs/peer-protocol.md 3.3 with flexible forwarding (3.4), over one peer's
 * {@link RoutingState}. Pure: the same state and conditions give the same route, so the simulation
 * and the host peer run exactly this code.
 */
public final class NextHop {

  private NextHop() {}

  /** The route of a request whose Destination ID is the key {@code key}. */
  public static Route forKey(RoutingState state, Id128 key, HopCondition condition) {
    return forKey(state, key, condition, false);
  }

  /**
   * The route of a request whose Destination ID is the key {@code key}.
   *
   * @param leaving this peer has sent LEAVE: its former range belongs to s1 (3.3)
   */
  public static Route forKey(
      RoutingState state, Id128 key, HopCondition condition, boolean leaving) {
    Id128 self = state.self();
    if (state.isAlone()) {
      return leaving ? Route.NO_ROUTE : Route.LOCAL;
    }
    List<Id128> successors = state.successors();
    List<Id128> predecessors = state.predecessors();
    // Rule 1: (p1, n], or no predecessor known yet (then n holds the whole ring behind it).
    if (predecessors.isEmpty() || Ring.inHalfOpen(key, predecessors.get(0), self)) {
      if (!leaving) {
        return Route.LOCAL;
      }
      return successors.isEmpty() ? Route.NO_ROUTE : new Route.Next(successors.get(0), true);
    }
    // Rule 2: (n, sm]: the successor sj with key in (s(j-1), sj], s0 = n.
    Id128 previous = self;
    for (Id128 successor : successors) {
      if (Ring.inHalfOpen(key, previous, successor)) {
        return new Route.Next(successor, true);
      }
      previous = successor;
    }
    // Rule 3, the neighbourhood rule: (pm, p1]: the predecessor pj with key in (p(j+1), pj].
    for (int j = 0; j + 1 < predecessors.size(); j++) {
      if (Ring.inHalfOpen(key, predecessors.get(j + 1), predecessors.get(j))) {
        return new Route.Next(predecessors.get(j), true);
      }
    }
    // Rule 4: the known peer m in (n, k) closest before k, skipping unusable ones.
    List<Id128> candidates = new ArrayList<>();
    for (Id128 peer : state.knownPeers()) {
      if (Ring.inOpen(peer, self, key)) {
        candidates.add(peer);
      }
    }
    candidates.sort(Comparator.comparing(peer -> Ring.distance(peer, key)));
    Id128 closestBusy = null;
    boolean onlyBusySkipped = true;
    for (Id128 candidate : candidates) {
      switch (condition.of(candidate)) {
        case USABLE -> {
          return new Route.Next(candidate, false);
        }
        case BUSY -> closestBusy = closestBusy == null ? candidate : closestBusy;
        case UNUSABLE -> onlyBusySkipped = false;
      }
    }
    if (closestBusy != null && onlyBusySkipped) {
      return new Route.Next(closestBusy, false);
    }
    return successors.isEmpty() ? Route.NO_ROUTE : new Route.Next(successors.get(0), true);
  }

  /**
   * The route of a replica read (3.6), delivered only to the peer {@code node}: local when this is
   * it, a rule-4 forward towards it, or 408/2 when it would end anywhere else.
   */
  public static Route toNode(RoutingState state, Id128 node, HopCondition condition) {
    if (node.equals(state.self())) {
      return Route.LOCAL;
    }
    Route route = forKey(state, node, condition);
    if (route instanceof Route.Next next && (!next.finalHop() || next.peer().equals(node))) {
      return next;
    }
    return Route.NO_ROUTE;
  }

  /**
   * The peer responsible for {@code key} among {@code sortedPeers} (ascending IDs, no duplicates):
   * the first at or after it clockwise. For simulations and tests, which know the whole ring.
   */
  public static @Nullable Id128 responsible(List<Id128> sortedPeers, Id128 key) {
    if (sortedPeers.isEmpty()) {
      return null;
    }
    int index = Collections.binarySearch(sortedPeers, key);
    int at = index >= 0 ? index : -index - 1;
    return sortedPeers.get(at == sortedPeers.size() ? 0 : at);
  }
}
