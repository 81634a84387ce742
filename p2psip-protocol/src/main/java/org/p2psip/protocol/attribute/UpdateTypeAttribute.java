package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;

/** Update Type (0x0E): 8 bits, 0 = check routing state, 1 = send routing table. */
public record UpdateTypeAttribute(int updateType) implements Attribute {

  public static final int CHECK_ROUTING_STATE = 0;
  public static final int SEND_ROUTING_TABLE = 1;

  public UpdateTypeAttribute {
    if (updateType < 0 || updateType > 0xFF) {
      throw new IllegalArgumentException("Update Type is 8 bits: " + updateType);
    }
  }

  @Override
  public int type() {
    return AttributeType.UPDATE_TYPE;
  }

  @Override
  public int valueLength() {
    return 1;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(updateType);
  }
}
