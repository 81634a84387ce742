package org.p2psip.protocol.value;

import java.math.BigInteger;

/**
 * Ring arithmetic of docs/peer-protocol.md 3.1: IDs are integers modulo 2^128 (the 16 bytes read
 * big-endian), d(a, b) = (b - a) mod 2^128 is the clockwise distance.
 */
public final class Ring {

  /** 2^128, the size of the ring. */
  public static final BigInteger SIZE = BigInteger.ONE.shiftLeft(128);

  private Ring() {}

  /** The ID as an unsigned integer in [0, 2^128). */
  public static BigInteger value(Id128 id) {
    return new BigInteger(1, id.unsafeArray());
  }

  /** d(a, b) = (b - a) mod 2^128, the clockwise distance from a to b. */
  public static BigInteger distance(Id128 a, Id128 b) {
    return value(b).subtract(value(a)).mod(SIZE);
  }

  /**
   * True when x lies in (a, b]: 0 &lt; d(a, x) &lt;= d(a, b); when a = b, the whole ring (every x,
   * a included).
   */
  public static boolean inHalfOpen(Id128 a, Id128 b, Id128 x) {
    if (a.equals(b)) {
      return true;
    }
    BigInteger dx = distance(a, x);
    return dx.signum() > 0 && dx.compareTo(distance(a, b)) <= 0;
  }

  /** True when x lies in (a, b): 0 &lt; d(a, x) &lt; d(a, b); when a = b, every x except a. */
  public static boolean inOpen(Id128 a, Id128 b, Id128 x) {
    BigInteger dx = distance(a, x);
    if (a.equals(b)) {
      return dx.signum() > 0;
    }
    return dx.signum() > 0 && dx.compareTo(distance(a, b)) < 0;
  }
}
