package org.p2psip.protocol.value;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A 128-bit identifier: a Peer-ID / Node-ID or a Resource-ID (docs/protocol.md sections 1.2, 2, 3).
 * The wire does not say which one a Destination ID holds, so both share this type.
 */
public final class Id128 implements Comparable<Id128> {

  public static final int LENGTH = 16;
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private Id128(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Id128 of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Id128 has 16 bytes, not " + bytes.length);
    }
    return new Id128(bytes.clone());
  }

  /** Takes ownership of a 16-byte array a decoder has just filled. */
  public static Id128 wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Id128 has 16 bytes, not " + bytes.length);
    }
    return new Id128(bytes);
  }

  /** Parses 32 hexadecimal digits (either case). */
  public static Id128 fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an Id128 is 32 hex digits: " + hex);
    }
    return new Id128(HEX.parseHex(hex));
  }

  /** 128 bits from a cryptographically strong generator, as Node-IDs must be. */
  public static Id128 random() {
    return random(RANDOM);
  }

  public static Id128 random(Random random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new Id128(bytes);
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The backing array, for writing it out without a copy. Callers must not modify it. */
  public byte[] unsafeArray() {
    return bytes;
  }

  /** 32 lower-case hex digits, the form used in {@code reload://} URIs and logs. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public int compareTo(Id128 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Id128 that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
