package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Event Info (0x0D): Event Type (8 bits; 0 = about to leave) and a UTF-8 description. */
public record EventInfo(int eventType, String description) implements Attribute {

  public static final int ABOUT_TO_LEAVE = 0;

  public EventInfo {
    if (eventType < 0 || eventType > 0xFF) {
      throw new IllegalArgumentException("Event Type is 8 bits: " + eventType);
    }
    Attribute.checkValueLength(1 + ByteBufUtil.utf8Bytes(description), "Event Info");
  }

  @Override
  public int type() {
    return AttributeType.EVENT_INFO;
  }

  @Override
  public int valueLength() {
    return 1 + ByteBufUtil.utf8Bytes(description);
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(eventType);
    ByteBufUtil.reserveAndWriteUtf8(out, description, ByteBufUtil.utf8Bytes(description));
  }
}
