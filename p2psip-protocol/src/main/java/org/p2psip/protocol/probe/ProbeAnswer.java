package org.p2psip.protocol.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A landmark's answer (docs/protocol.md section 5): {@code "LMR1"}, the probe's sequence and sender
 * timestamp, the landmark's receive time (uint64, ms since the epoch) and its id (uint16 length +
 * UTF-8).
 */
public record ProbeAnswer(long sequence, long senderTimestamp, long receivedAt, String landmarkId) {

  static final int MAGIC = 0x4C4D5231; // "LMR1"
  static final int FIXED_LENGTH = 4 + 4 + 8 + 8 + 2;

  public ProbeAnswer {
    if (Probe.utf8(landmarkId).length > 0xFFFF) {
      throw new IllegalArgumentException("landmark id too long");
    }
  }

  public int encodedLength() {
    return FIXED_LENGTH + Probe.utf8(landmarkId).length;
  }

  public void writeTo(ByteBuf out) {
    byte[] id = Probe.utf8(landmarkId);
    out.writeInt(MAGIC);
    out.writeInt((int) sequence);
    out.writeLong(senderTimestamp);
    out.writeLong(receivedAt);
    out.writeShort(id.length);
    out.writeBytes(id);
  }

  /** The answer in {@code in}'s readable bytes, or null when they are not exactly one. */
  public static @Nullable ProbeAnswer decode(ByteBuf in) {
    int length = in.readableBytes();
    int start = in.readerIndex();
    if (length < FIXED_LENGTH || in.getInt(start) != MAGIC) {
      return null;
    }
    int idLength = in.getUnsignedShort(start + 24);
    if (length != FIXED_LENGTH + idLength) {
      return null;
    }
    try {
      String id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(in.nioBuffer(start + FIXED_LENGTH, idLength))
              .toString();
      return new ProbeAnswer(
          in.getUnsignedInt(start + 4), in.getLong(start + 8), in.getLong(start + 16), id);
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
