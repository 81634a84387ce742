package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.p2psip.protocol.value.Id128;

/**
 * Source Peer Info (0x03) or Destination Peer Info (0x04): a composite of one Peer-ID, one Peer
 * Service Capability and one or more Peer Address Info, written in that order.
 *
 * @param source true for Source Peer Info, false for Destination Peer Info (the answering peer)
 */
public record PeerInfo(
    boolean source, Id128 peerId, PeerServiceCapability capability, List<PeerAddressInfo> addresses)
    implements Attribute {

  public PeerInfo {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("peer info needs at least one Peer Address Info");
    }
    Attribute.checkValueLength(contentLength(capability, addresses), "peer info");
  }

  public static PeerInfo destination(
      Id128 peerId, PeerServiceCapability capability, List<PeerAddressInfo> addresses) {
    return new PeerInfo(false, peerId, capability, addresses);
  }

  public static PeerInfo source(
      Id128 peerId, PeerServiceCapability capability, List<PeerAddressInfo> addresses) {
    return new PeerInfo(true, peerId, capability, addresses);
  }

  private static int contentLength(
      PeerServiceCapability capability, List<PeerAddressInfo> addresses) {
    return Attribute.HEADER_LENGTH
        + Id128.LENGTH
        + capability.encodedLength()
        + Attribute.encodedLength(addresses);
  }

  @Override
  public int type() {
    return source ? AttributeType.SOURCE_PEER_INFO : AttributeType.DESTINATION_PEER_INFO;
  }

  @Override
  public int valueLength() {
    return contentLength(capability, addresses);
  }

  @Override
  public void writeValue(ByteBuf out) {
    new PeerIdAttribute(peerId).writeTo(out);
    capability.writeTo(out);
    for (PeerAddressInfo address : addresses) {
      address.writeTo(out);
    }
  }
}
