package org.p2psip.overlay.sim;

import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * PUT and GET requests as a host peer originates them for its clients (docs/peer-protocol.md 6).
 */
final class Records {

  private Records() {}

  static Id128 resourceId(int record) {
    return ResourceIds.of("user" + record + "@sim.example.org");
  }

  static Octets content(int record) {
    return Octets.utf8("sip:user" + record + "@192.0.2." + (record % 250));
  }

  static Message put(PeerInfo source, Id128 owner, int record, int transactionId) {
    Id128 resourceId = resourceId(record);
    return Message.of(
        Header.peerRequest(MessageType.PUT, transactionId, source.peerId(), resourceId).withTtl(32),
        source,
        ResourceInfo.put(ValueType.SIP_CONTACT_URI, resourceId, 3600, owner, content(record)));
  }

  static Message get(PeerInfo source, int record, int transactionId) {
    Id128 resourceId = resourceId(record);
    return Message.of(
        Header.peerRequest(MessageType.GET, transactionId, source.peerId(), resourceId).withTtl(32),
        source,
        ResourceInfo.query(ValueType.OPAQUE, resourceId));
  }
}
