package org.p2psip.protocol.reload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RELOAD's TLS-style presentation language (RFC 6940 section 6.3.1): big-endian integers and
 * {@code opaque x<0..2^n-1>} fields prefixed by their length. Every length is checked against the
 * bytes that remain before anything is copied.
 */
final class ReloadReader {

  private final byte[] data;
  private int position;
  private final int limit;

  ReloadReader(byte[] data) {
    this(data, 0, data.length);
  }

  private ReloadReader(byte[] data, int offset, int limit) {
    this.data = data;
    this.position = offset;
    this.limit = limit;
  }

  int remaining() {
    return limit - position;
  }

  private void need(int count, String what) {
    if (count > remaining()) {
      throw new ReloadDecodingException(
          what + " needs " + count + " bytes, " + remaining() + " remain");
    }
  }

  int uint8(String what) {
    need(1, what);
    return data[position++] & 0xFF;
  }

  int uint16(String what) {
    need(2, what);
    int value = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
    position += 2;
    return value;
  }

  long uint32(String what) {
    need(4, what);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = value << 8 | data[position++] & 0xFF;
    }
    return value;
  }

  long uint64(String what) {
    need(8, what);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | data[position++] & 0xFF;
    }
    return value;
  }

  byte[] bytes(int count, String what) {
    need(count, what);
    byte[] copy = Arrays.copyOfRange(data, position, position + count);
    position += count;
    return copy;
  }

  /** {@code opaque x<0..2^(8*lengthBytes)-1>}. */
  byte[] opaque(int lengthBytes, String what) {
    long length =
        switch (lengthBytes) {
          case 1 -> uint8(what);
          case 2 -> uint16(what);
          case 4 -> uint32(what);
          default -> throw new IllegalArgumentException("length prefix of " + lengthBytes);
        };
    if (length > remaining()) {
      throw new ReloadDecodingException(
          what + " says " + length + " bytes, " + remaining() + " remain");
    }
    return bytes((int) length, what);
  }

  /** A reader over the next {@code length} bytes; this reader moves past them. */
  ReloadReader sub(int length, String what) {
    need(length, what);
    ReloadReader sub = new ReloadReader(data, position, position + length);
    position += length;
    return sub;
  }

  String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ReloadDecodingException(what + " is not valid UTF-8");
    }
  }

  void expectEnd(String what) {
    if (remaining() != 0) {
      throw new ReloadDecodingException(what + " has " + remaining() + " trailing bytes");
    }
  }
}
