package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.p2psip.protocol.value.Octets;

/**
 * Peer Address Info (0x00): {@code Trans(4) Type(4)}, Reserved(8), Port(16), Priority(32), then a
 * 4-byte IPv4 or (this project's extension) 16-byte IPv6 address; the Value length, 12 or 24, tells
 * which.
 *
 * @param priority unsigned 32 bits
 * @param address 4 or 16 bytes, kept as bytes so an IPv4-mapped IPv6 address stays 16 bytes
 */
public record PeerAddressInfo(
    Transport transport, CandidateType candidateType, int port, long priority, Octets address)
    implements Attribute {

  public PeerAddressInfo {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port is 16 bits: " + port);
    }
    if (priority < 0 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("priority is 32 bits: " + priority);
    }
    if (address.length() != 4 && address.length() != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes: " + address.length());
    }
  }

  /** A TCP host candidate, the common case for a host peer's listener. */
  public static PeerAddressInfo tcpHost(InetAddress address, int port) {
    return new PeerAddressInfo(
        Transport.TCP, CandidateType.HOST, port, 0, Octets.of(address.getAddress()));
  }

  public InetAddress inetAddress() {
    try {
      return InetAddress.getByAddress(address.unsafeArray());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address length was checked", e);
    }
  }

  @Override
  public int type() {
    return AttributeType.PEER_ADDRESS_INFO;
  }

  @Override
  public int valueLength() {
    return 8 + address.length();
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(transport.code() << 4 | candidateType.code());
    out.writeByte(0);
    out.writeShort(port);
    out.writeInt((int) priority);
    out.writeBytes(address.unsafeArray());
  }

  /** Transport of a candidate address. */
  public enum Transport {
    TCP(0),
    UDP(1);

    private final int code;

    Transport(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Transport fromCode(int code) {
      return switch (code) {
        case 0 -> TCP;
        case 1 -> UDP;
        default -> null;
      };
    }
  }

  /** ICE candidate type of an address. */
  public enum CandidateType {
    HOST(0),
    SERVER_REFLEXIVE(1),
    PEER_REFLEXIVE(2),
    RELAYED(3);

    private final int code;

    CandidateType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static CandidateType fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }
}
