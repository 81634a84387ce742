package org.p2psip.protocol.value;

/**
 * A ring interval (start, end] (docs/peer-protocol.md 3.1): a peer's responsibility, replica or
 * accepted range, a TRANSFER's Range. start = end is the whole ring, as when a peer is alone.
 */
public record Range(Id128 start, Id128 end) {

  /** The whole ring, written as (n, n] for a peer n. */
  public static Range wholeRing(Id128 node) {
    return new Range(node, node);
  }

  public boolean isWholeRing() {
    return start.equals(end);
  }

  public boolean contains(Id128 id) {
    return Ring.inHalfOpen(id, start, end);
  }

  /** Every ID of {@code other} is in this range. */
  public boolean covers(Range other) {
    if (isWholeRing()) {
      return true;
    }
    if (other.isWholeRing()) {
      return false;
    }
    // (s2, e2] lies within (s1, e1] iff e2 is in it and s2 is in [s1, e2) seen from s1.
    return contains(other.end)
        && Ring.distance(start, other.start).compareTo(Ring.distance(start, other.end)) < 0;
  }

  /** d(start, end), or 2^128 - 1 for the whole ring (its true width 2^128 does not fit). */
  public UInt128 width() {
    return isWholeRing() ? UInt128.MAX : Ring.distance(start, end);
  }

  @Override
  public String toString() {
    return "(" + Ring.shortId(start) + ", " + Ring.shortId(end) + "]";
  }
}
