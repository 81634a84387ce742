package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/** Status (0x0C): 16 bits, the state of the answering or notifying peer. */
public record StatusAttribute(PeerStatus status) implements Attribute {

  public static final StatusAttribute GOOD = new StatusAttribute(PeerStatus.GOOD);

  @Override
  public int type() {
    return AttributeType.STATUS;
  }

  @Override
  public int valueLength() {
    return 2;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort(status.code());
  }

  /** A peer's condition as clients see it. */
  public enum PeerStatus {
    GOOD(0),
    BUSY(1),
    OVERLAY_SERVICE_INTERRUPT(2);

    private final int code;

    PeerStatus(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static @Nullable PeerStatus fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }
}
