package org.p2psip.protocol.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A landmark RTT probe (docs/protocol.md section 5): {@code "LMK1"}, sequence (uint32), sender
 * timestamp (uint64, opaque to the landmark); 16 bytes, or up to 1,200 with zero padding after them
 * (to measure with larger packets).
 *
 * @param sequence unsigned 32 bits
 * @param senderTimestamp echoed unchanged
 */
public record Probe(long sequence, long senderTimestamp) {

  public static final int LENGTH = 16;
  public static final int MAX_LENGTH = 1200;
  static final int MAGIC = 0x4C4D4B31; // "LMK1"

  public Probe {
    if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sequence is 32 bits: " + sequence);
    }
  }

  public void writeTo(ByteBuf out) {
    out.writeInt(MAGIC);
    out.writeInt((int) sequence);
    out.writeLong(senderTimestamp);
  }

  public byte[] encode() {
    byte[] bytes = new byte[LENGTH];
    Unpooled.wrappedBuffer(bytes)
        .writerIndex(0)
        .writeInt(MAGIC)
        .writeInt((int) sequence)
        .writeLong(senderTimestamp);
    return bytes;
  }

  /**
   * The probe in {@code in}'s readable bytes, or null when they are not a valid one (wrong magic,
   * wrong length, non-zero padding): such input is dropped, never answered.
   */
  public static @Nullable Probe decode(ByteBuf in) {
    int length = in.readableBytes();
    if (length < LENGTH || length > MAX_LENGTH) {
      return null;
    }
    int start = in.readerIndex();
    if (in.getInt(start) != MAGIC) {
      return null;
    }
    for (int i = start + LENGTH; i < start + length; i++) {
      if (in.getByte(i) != 0) {
        return null;
      }
    }
    return new Probe(in.getUnsignedInt(start + 4), in.getLong(start + 8));
  }

  /** The landmark's answer to this probe. */
  public ProbeAnswer answer(long receivedAtMillis, String landmarkId) {
    return new ProbeAnswer(sequence, senderTimestamp, receivedAtMillis, landmarkId);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
