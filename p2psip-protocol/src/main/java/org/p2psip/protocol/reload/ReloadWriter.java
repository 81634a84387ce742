package org.p2psip.protocol.reload;

import java.io.ByteArrayOutputStream;

/** Writes RELOAD's presentation language: big-endian integers and length-prefixed opaques. */
final class ReloadWriter {

  private final ByteArrayOutputStream out;

  ReloadWriter() {
    this(64);
  }

  ReloadWriter(int sizeHint) {
    out = new ByteArrayOutputStream(sizeHint);
  }

  ReloadWriter uint8(int value) {
    out.write(value);
    return this;
  }

  ReloadWriter uint16(int value) {
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  ReloadWriter uint32(long value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  ReloadWriter uint64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  ReloadWriter bytes(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** {@code opaque x<0..2^(8*lengthBytes)-1>}, refusing content its prefix cannot describe. */
  ReloadWriter opaque(int lengthBytes, byte[] bytes) {
    long max = (1L << (8 * lengthBytes)) - 1;
    if (bytes.length > max) {
      throw new IllegalArgumentException(
          bytes.length + " bytes do not fit a " + lengthBytes + "-byte length prefix");
    }
    switch (lengthBytes) {
      case 1 -> uint8(bytes.length);
      case 2 -> uint16(bytes.length);
      case 4 -> uint32(bytes.length);
      default -> throw new IllegalArgumentException("length prefix of " + lengthBytes);
    }
    return bytes(bytes);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
