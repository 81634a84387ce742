package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Octets;

/**
 * Peer Address Info (0x00): {@code Trans(4) Type(4)}, Usage(8), Port(16), Priority(32), then a
 * 4-byte IPv4 or (this project's extension) 16-byte IPv6 address; the Value length, 12 or 24, tells
 * which.
 *
 * <p>Usage (docs/peer-protocol.md 2.3) was the Reserved byte of docs/protocol.md: 0 = the protocol
 * of the message carrying it, 1 = client protocol, 2 = peer protocol. Senders that do not care
 * write 0, as every client-protocol sender always did; a number above 2 is carried unchanged, not
 * refused (the byte was "reserved, ignore" for clients).
 *
 * @param usage unsigned 8 bits, see {@link #USAGE_CARRIER}, {@link #USAGE_CLIENT}, {@link
 *     #USAGE_PEER}
 * @param priority unsigned 32 bits
 * @param address 4 or 16 bytes, kept as bytes so an IPv4-mapped IPv6 address stays 16 bytes
 */
public record PeerAddressInfo(
    Transport transport,
    CandidateType candidateType,
    int usage,
    int port,
    long priority,
    Octets address)
    implements Attribute {

  /** Usage 0: the address serves the protocol of the message that carries it. */
  public static final int USAGE_CARRIER = 0;

  /** Usage 1: the address is a client-protocol port. */
  public static final int USAGE_CLIENT = 1;

  /** Usage 2: the address is a peer-protocol port (read the same as 0 in a peer message). */
  public static final int USAGE_PEER = 2;

  public PeerAddressInfo {
    if (usage < 0 || usage > 0xFF) {
      throw new IllegalArgumentException("Usage is 8 bits: " + usage);
    }
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

  /** An address with Usage 0, as every client-protocol sender writes it. */
  public PeerAddressInfo(
      Transport transport, CandidateType candidateType, int port, long priority, Octets address) {
    this(transport, candidateType, USAGE_CARRIER, port, priority, address);
  }

  /** A TCP host candidate, the common case for a host peer's listener (Usage 0). */
  public static PeerAddressInfo tcpHost(InetAddress address, int port) {
    return tcpHost(address, port, USAGE_CARRIER);
  }

  /** A TCP host candidate with the given Usage (docs/peer-protocol.md 2.3), priority 0. */
  public static PeerAddressInfo tcpHost(InetAddress address, int port, int usage) {
    return new PeerAddressInfo(
        Transport.TCP, CandidateType.HOST, usage, port, 0, Octets.of(address.getAddress()));
  }

  /** The same address with another Usage. */
  public PeerAddressInfo withUsage(int newUsage) {
    return new PeerAddressInfo(transport, candidateType, newUsage, port, priority, address);
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
    out.writeByte(usage);
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

    public static @Nullable Transport fromCode(int code) {
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

    public static @Nullable CandidateType fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }
}
