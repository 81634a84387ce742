package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;

/**
 * Service Peer Info (0x08, SEP's format, docs/peer-protocol.md 2.3 and 7): Num of Peers (8),
 * Service Type (8), Max Num (8), Reserved (8), then Num entries, each a Peer-ID TLV (0x02) followed
 * by one or more Peer Address Info TLVs (0x00), up to the next Peer-ID. Num is the number of
 * entries, so it is not a component.
 *
 * @param maxNum unsigned 8 bits: how many peers the source wants at most
 * @param mustUnderstand the M bit: set in the peer protocol; clear when a host peer sends it to a
 *     client (docs/peer-protocol.md 7), so that a client that does not know it skips it
 */
public record ServicePeerInfo(
    ServiceType serviceType, int maxNum, List<ServicePeer> peers, boolean mustUnderstand)
    implements Attribute {

  /** Bytes before the entries: Num, Service Type, Max Num, Reserved. */
  public static final int FIXED_LENGTH = 4;

  /** Largest Num the 8-bit field can state. */
  public static final int MAX_PEERS = 0xFF;

  public ServicePeerInfo {
    if (maxNum < 0 || maxNum > 0xFF) {
      throw new IllegalArgumentException("Max Num is 8 bits: " + maxNum);
    }
    peers = List.copyOf(peers);
    if (peers.size() > MAX_PEERS) {
      throw new IllegalArgumentException("Num of Peers is 8 bits: " + peers.size());
    }
    Attribute.checkValueLength(contentLength(peers), "Service Peer Info");
  }

  /** With M = 1, as every peer-protocol message carries it. */
  public ServicePeerInfo(ServiceType serviceType, int maxNum, List<ServicePeer> peers) {
    this(serviceType, maxNum, peers, true);
  }

  /** The same attribute with M = 0, for a client (docs/peer-protocol.md 7). */
  public ServicePeerInfo skippable() {
    return new ServicePeerInfo(serviceType, maxNum, peers, false);
  }

  @Override
  public int firstByte() {
    return mustUnderstand ? 0x80 : 0;
  }

  /** The request of a LookUpServicePeer: no peer yet (Num = 0). */
  public static ServicePeerInfo query(ServiceType serviceType, int maxNum) {
    return new ServicePeerInfo(serviceType, maxNum, List.of());
  }

  private static int contentLength(List<ServicePeer> peers) {
    int total = FIXED_LENGTH;
    for (ServicePeer peer : peers) {
      total += peer.encodedLength();
    }
    return total;
  }

  /** The same attribute with {@code peer} appended (Num raised by one). */
  public ServicePeerInfo plus(ServicePeer peer) {
    List<ServicePeer> more = new ArrayList<>(peers);
    more.add(peer);
    return new ServicePeerInfo(serviceType, maxNum, more, mustUnderstand);
  }

  @Override
  public int type() {
    return AttributeType.SERVICE_PEER_INFO;
  }

  @Override
  public int valueLength() {
    return contentLength(peers);
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(peers.size());
    out.writeByte(serviceType.code());
    out.writeByte(maxNum);
    out.writeByte(0);
    for (ServicePeer peer : peers) {
      new PeerIdAttribute(peer.peerId()).writeTo(out);
      for (PeerAddressInfo address : peer.addresses()) {
        address.writeTo(out);
      }
    }
  }

  /** One entry: a peer and its addresses (at least one). */
  public record ServicePeer(Id128 peerId, List<PeerAddressInfo> addresses) {

    public ServicePeer {
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("a service peer entry needs a Peer Address Info");
      }
    }

    /** Bytes of the entry: its Peer-ID TLV and its Peer Address Info TLVs. */
    public int encodedLength() {
      return Attribute.HEADER_LENGTH + Id128.LENGTH + Attribute.encodedLength(addresses);
    }
  }

  /** Service types: SEP's 0-2 and this project's 3 (host peer accepting clients). */
  public enum ServiceType {
    STUN(0),
    STUN_RELAY(1),
    PUBLIC_PEER(2),
    HOST_PEER(3);

    private final int code;

    ServiceType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The type with this number, or null for an unassigned one. */
    public static @Nullable ServiceType fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }
}
