package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;

/**
 * Uptime (0x11): seconds since the node started, 32 bits (the draft's text says 16, its figure 32;
 * docs/protocol.md uses 32).
 */
public record Uptime(long seconds) implements Attribute {

  public Uptime {
    if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Uptime is 32 bits: " + seconds);
    }
  }

  @Override
  public int type() {
    return AttributeType.UPTIME;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeInt((int) seconds);
  }
}
