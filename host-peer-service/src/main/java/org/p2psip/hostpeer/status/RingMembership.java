package org.p2psip.hostpeer.status;

/**
 * Whether this host peer is a member of the ring (docs/peer-protocol.md 6): while it is not
 * (joining, or alone without being a seed) its clients see Status interrupt and Joins get 432,
 * since nothing they write could be replicated. Without the overlay a host peer is always one.
 */
public final class RingMembership {

  private volatile boolean member;

  private RingMembership(boolean member) {
    this.member = member;
  }

  /** A host peer without the overlay: its own Redis is the whole store. */
  public static RingMembership always() {
    return new RingMembership(true);
  }

  /** A ring member-to-be: not a member until its overlay node says so. */
  public static RingMembership notYet() {
    return new RingMembership(false);
  }

  public boolean member() {
    return member;
  }

  public void set(boolean member) {
    this.member = member;
  }
}
