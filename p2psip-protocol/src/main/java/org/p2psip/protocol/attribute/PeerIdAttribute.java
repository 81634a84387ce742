package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import org.p2psip.protocol.value.Id128;

/** Peer-ID (0x02): 16 bytes. Appears nested in Source and Destination Peer Info. */
public record PeerIdAttribute(Id128 peerId) implements Attribute {

  @Override
  public int type() {
    return AttributeType.PEER_ID;
  }

  @Override
  public int valueLength() {
    return Id128.LENGTH;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeBytes(peerId.unsafeArray());
  }
}
