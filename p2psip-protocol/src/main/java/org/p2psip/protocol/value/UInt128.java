package org.p2psip.protocol.value;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * An unsigned 128-bit integer in two longs: an ID read as a number, or a clockwise distance
 * (docs/peer-protocol.md 3.1). Arithmetic wraps modulo 2^128, as the ring does. Two longs rather
 * than {@link BigInteger} because routing compares distances on every hop.
 */
public record UInt128(long high, long low) implements Comparable<UInt128> {

  public static final UInt128 ZERO = new UInt128(0, 0);
  public static final UInt128 ONE = new UInt128(0, 1);

  /** 2^128 - 1, the largest value, the distance from any ID to the one just before it. */
  public static final UInt128 MAX = new UInt128(-1L, -1L);

  private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

  /** The 16 bytes of an ID read big-endian. */
  public static UInt128 of(Id128 id) {
    ByteBuffer bytes = ByteBuffer.wrap(id.unsafeArray());
    return new UInt128(bytes.getLong(0), bytes.getLong(8));
  }

  /** 2^exponent, for finger targets n + 2^i (0 <= i < 128). */
  public static UInt128 powerOfTwo(int exponent) {
    if (exponent < 0 || exponent > 127) {
      throw new IllegalArgumentException("2^" + exponent + " does not fit 128 bits");
    }
    return exponent >= 64 ? new UInt128(1L << (exponent - 64), 0) : new UInt128(0, 1L << exponent);
  }

  /** A value in [0, 2^128), for tests and for the bucket arithmetic of range digests. */
  public static UInt128 of(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 128) {
      throw new IllegalArgumentException("not an unsigned 128-bit value: " + value);
    }
    return new UInt128(value.shiftRight(64).longValue(), value.longValue());
  }

  /** (this + other) mod 2^128. */
  public UInt128 plus(UInt128 other) {
    long sumLow = low + other.low;
    long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
    return new UInt128(high + other.high + carry, sumLow);
  }

  /** (this - other) mod 2^128. */
  public UInt128 minus(UInt128 other) {
    long borrow = Long.compareUnsigned(low, other.low) < 0 ? 1 : 0;
    return new UInt128(high - other.high - borrow, low - other.low);
  }

  public boolean isZero() {
    return high == 0 && low == 0;
  }

  /** The 16 big-endian bytes, as an ID. */
  public Id128 toId() {
    return Id128.wrap(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  public BigInteger toBigInteger() {
    BigInteger value =
        new BigInteger(1, ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    return value.mod(TWO_TO_128);
  }

  @Override
  public int compareTo(UInt128 other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    return toId().hex();
  }
}
