package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;

/**
 * Stored Object (0x20, docs/peer-protocol.md 2.3): one stored version of an object as peers
 * exchange it. Storage Time (64, ms since the Unix epoch, set by the responsible peer), Expiry (64,
 * ms since the Unix epoch, absolute), Flags (0x80 T = tombstone; other bits 0), Reserved, then one
 * nested Resource Info TLV (0x05) with O and H set, E clear, and C set iff the content is carried.
 * Those rules on the Resource Info are checked by {@code PeerMessageValidator}, not here, so that
 * what a peer sent can always be decoded and answered.
 *
 * @param storageTime unsigned 64 bits, kept as the raw {@code long}
 * @param expiry unsigned 64 bits, kept as the raw {@code long}
 */
public record StoredObject(
    long storageTime, long expiry, boolean tombstone, ResourceInfo resourceInfo)
    implements Attribute {

  /** Bytes before the nested Resource Info: Storage Time, Expiry, Flags, Reserved. */
  public static final int FIXED_LENGTH = 18;

  /** The T flag in the Flags byte. */
  public static final int T_FLAG = 0x80;

  public StoredObject {
    Attribute.checkValueLength(FIXED_LENGTH + resourceInfo.encodedLength(), "Stored Object");
  }

  @Override
  public int type() {
    return AttributeType.STORED_OBJECT;
  }

  @Override
  public int valueLength() {
    return FIXED_LENGTH + resourceInfo.encodedLength();
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeLong(storageTime);
    out.writeLong(expiry);
    out.writeByte(tombstone ? T_FLAG : 0);
    out.writeByte(0);
    resourceInfo.writeTo(out);
  }
}
