package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;

/**
 * One TLV attribute (docs/protocol.md section 2): {@code M|reserved(7)}, Type, Length of the Value,
 * Value. Every attribute this project knows is sent with M = 1, as the drafts specify for each of
 * them; the decoder lives in {@code org.p2psip.protocol.codec.AttributeDecoder}.
 */
public sealed interface Attribute
    permits PeerAddressInfo,
        PeerServiceCapability,
        PeerIdAttribute,
        PeerInfo,
        ResourceInfo,
        ResponseAttribute,
        StatusAttribute,
        EventInfo,
        UpdateTypeAttribute,
        Uptime,
        OverlayInfo,
        ClientInfo,
        Security,
        NegotiationInfo,
        ServicePeerInfo,
        RoutingTable,
        StoredObject {

  /** Bytes of the TLV header that the Length field does not count. */
  int HEADER_LENGTH = 4;

  /** Largest Value a TLV can describe. */
  int MAX_VALUE_LENGTH = 0xFFFF;

  /** The attribute type (second byte of the TLV). */
  int type();

  /** The Length field: bytes of the Value. */
  int valueLength();

  /** Writes the Value only. */
  void writeValue(ByteBuf out);

  /** The first byte of the TLV: M = 1 and reserved bits 0, unless an attribute says otherwise. */
  default int firstByte() {
    return 0x80;
  }

  /** Header plus Value. */
  default int encodedLength() {
    return HEADER_LENGTH + valueLength();
  }

  /** Writes the whole TLV. */
  default void writeTo(ByteBuf out) {
    out.writeByte(firstByte());
    out.writeByte(type());
    out.writeShort(valueLength());
    writeValue(out);
  }

  /** Checks, at construction, that a Value fits the 16-bit Length field. */
  static int checkValueLength(int length, String what) {
    if (length > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(what + " does not fit a TLV: " + length + " bytes");
    }
    return length;
  }

  /** Sum of the encoded lengths of nested TLVs. */
  static int encodedLength(Iterable<? extends Attribute> attributes) {
    int total = 0;
    for (Attribute attribute : attributes) {
      total += attribute.encodedLength();
    }
    return total;
  }
}
