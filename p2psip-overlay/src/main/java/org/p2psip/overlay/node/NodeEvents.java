package org.p2psip.overlay.node;

import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
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

  /**
   * A response or request dropped silently (docs/peer-protocol.md 3.5, 9).
   *
   * @param why one of a few fixed phrases (a metric's tag), never a message's details
   */
  default void dropped(String why) {}

  /** A replica answered a replicate TRANSFER (5.2 step 3): applied, or not (or no answer). */
  default void replicaAnswered(boolean applied) {}

  /** A write this node is responsible for reached its write quorum (5.2 step 4), or not in time. */
  default void writeQuorum(boolean reached) {}

  /** Versions sent in TRANSFER DATA (replicate, join, leave or repair) and that message's bytes. */
  default void transferSent(Reason reason, int versions, int bytes) {}

  /** A repair round (5.7) with one replica ended: in sync, or broken off. */
  default void repairFinished(boolean completed) {}
}
