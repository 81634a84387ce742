package org.p2psip.protocol.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An immutable byte string with value equality, so that records holding binary fields (values,
 * challenges, passwords) compare by content.
 */
public final class Octets {

  public static final Octets EMPTY = new Octets(new byte[0]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Octets(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}; later changes to the array do not show. */
  public static Octets of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
  }

  /**
   * Takes ownership of {@code bytes} without copying. Only for arrays nobody else holds, such as
   * one a decoder has just filled.
   */
  public static Octets wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes);
  }

  public static Octets utf8(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  public static Octets fromHex(String hex) {
    return wrap(HEX.parseHex(hex));
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The backing array, for writing it out without a copy. Callers must not modify it. */
  public byte[] unsafeArray() {
    return bytes;
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Octets that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64
        ? HEX.formatHex(bytes)
        : HEX.formatHex(bytes, 0, 32) + "...(" + bytes.length + " bytes)";
  }
}
