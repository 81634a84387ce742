package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;

/**
 * Peer Service Capability (0x01): 16 bits, N (behind NAT) in the top bit, then S (offers STUN), T
 * (offers relay), then 13 reserved bits.
 */
public record PeerServiceCapability(boolean behindNat, boolean stun, boolean relay)
    implements Attribute {

  public static final PeerServiceCapability NONE = new PeerServiceCapability(false, false, false);

  static final int N_BIT = 0x8000;
  static final int S_BIT = 0x4000;
  static final int T_BIT = 0x2000;

  /** Reads the 16-bit field; reserved bits are ignored. */
  public static PeerServiceCapability fromBits(int bits) {
    return new PeerServiceCapability((bits & N_BIT) != 0, (bits & S_BIT) != 0, (bits & T_BIT) != 0);
  }

  public int bits() {
    return (behindNat ? N_BIT : 0) | (stun ? S_BIT : 0) | (relay ? T_BIT : 0);
  }

  @Override
  public int type() {
    return AttributeType.PEER_SERVICE_CAPABILITY;
  }

  @Override
  public int valueLength() {
    return 2;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort(bits());
  }
}
