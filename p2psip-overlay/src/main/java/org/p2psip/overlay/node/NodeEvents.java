package org.p2psip.overlay.node;

import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.value.Id128;

/**
 * What a node tells its host about itself: phase changes (readiness, client Status), changes of its
 * lists (storage starts repair when p1 or s1 move), peers found dead, and counters for metrics.
 * Callbacks run on the node's executor and must not block.
 */
public interface NodeEvents {

  NodeEvents NONE = new NodeEvents() {};

  default void phaseChanged(NodePhase phase) {}

  default void listsChanged(RoutingState.Change change) {}

  default void peerDead(Id128 peer) {}

  /** A routed request this node passed on (metrics: forwarded requests). */
  default void forwarded() {}

  /** A response or request dropped silently (docs/peer-protocol.md 3.5, 9). */
  default void dropped(String why) {}
}
