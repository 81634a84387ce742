package org.p2psip.overlay.routing;

import org.p2psip.protocol.value.Id128;

/**
 * How usable a rule-4 candidate is right now (docs/peer-protocol.md 3.4, flexible forwarding): the
 * peer's code knows each peer's last Status, its connection and the requests in flight on it.
 */
@FunctionalInterface
public interface HopCondition {

  /** Every candidate usable: routing on the ring structure alone, as the simulation does. */
  HopCondition ALL_USABLE = peer -> Usability.USABLE;

  Usability of(Id128 peer);

  enum Usability {
    USABLE,
    /** Status busy, or max-in-flight reached: used only when every candidate is busy. */
    BUSY,
    /** Status interrupt, or no connection and none can be opened: never used. */
    UNUSABLE
  }
}
