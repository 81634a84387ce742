package org.p2psip.protocol.value;

/**
 * The ring of docs/peer-protocol.md 3.1: IDs are integers modulo 2^128, d(a, b) = (b - a) mod 2^128
 * is the clockwise distance, and a key belongs to the first peer at or after it clockwise.
 */
public final class Ring {

  private Ring() {}

  /** d(a, b): how far b lies clockwise from a; zero only when they are equal. */
  public static UInt128 distance(Id128 from, Id128 to) {
    return UInt128.of(to).minus(UInt128.of(from));
  }

  /** x in (a, b]: 0 < d(a, x) <= d(a, b); the whole ring when a = b. */
  public static boolean inHalfOpen(Id128 x, Id128 start, Id128 end) {
    UInt128 toX = distance(start, x);
    if (start.equals(end)) {
      return true;
    }
    return !toX.isZero() && toX.compareTo(distance(start, end)) <= 0;
  }

  /** x in (a, b): 0 < d(a, x) < d(a, b); every x except a when a = b. */
  public static boolean inOpen(Id128 x, Id128 start, Id128 end) {
    UInt128 toX = distance(start, x);
    if (toX.isZero()) {
      return false;
    }
    return start.equals(end) || toX.compareTo(distance(start, end)) < 0;
  }

  /** (n + 2^i) mod 2^128, the target of finger i (4.6). */
  public static Id128 fingerTarget(Id128 node, int index) {
    return UInt128.of(node).plus(UInt128.powerOfTwo(index)).toId();
  }

  /** The short form logs use for a Node-ID: its first 8 hex digits. */
  public static String shortId(Id128 id) {
    return id.hex().substring(0, 8);
  }
}
