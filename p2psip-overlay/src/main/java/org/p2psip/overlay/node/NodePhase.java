package org.p2psip.overlay.node;

/** Where a node is in its life in the ring (docs/peer-protocol.md 4.2-4.7). */
public enum NodePhase {
  /** Not started, or joining: routed requests get 432, clients see interrupt. */
  JOINING,
  /** A ring member (alone as the first peer, or admitted). */
  JOINED,
  /** Has started to leave: JOINs 410, TRANSFER offers 403/5, its range belongs to s1. */
  LEAVING,
  /** Left or stopped: answers nothing. */
  STOPPED
}
