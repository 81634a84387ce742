package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.p2psip.protocol.value.HashAlgorithm;

/**
 * Overlay Info (0x12): Hash algorithm (8), Overlay ID (24), and an optional UTF-8 Overlay Name
 * filling the rest of the Value (empty string when absent).
 */
public record OverlayInfo(HashAlgorithm hashAlgorithm, int overlayId, String name)
    implements Attribute {

  public OverlayInfo {
    if (overlayId < 0 || overlayId > 0xFF_FFFF) {
      throw new IllegalArgumentException("Overlay ID is 24 bits: " + overlayId);
    }
    Attribute.checkValueLength(4 + ByteBufUtil.utf8Bytes(name), "Overlay Info");
  }

  @Override
  public int type() {
    return AttributeType.OVERLAY_INFO;
  }

  @Override
  public int valueLength() {
    return 4 + ByteBufUtil.utf8Bytes(name);
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeInt(hashAlgorithm.code() << 24 | overlayId);
    ByteBufUtil.reserveAndWriteUtf8(out, name, ByteBufUtil.utf8Bytes(name));
  }
}
