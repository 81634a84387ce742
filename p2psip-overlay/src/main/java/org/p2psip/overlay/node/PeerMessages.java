package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * The peer messages a node sends (docs/peer-protocol.md 2.2), built from its own Peer Info and
 * settings: neighbour messages with TTL 1, routed ones with the initial TTL, answers per 2.1.
 */
final class PeerMessages {

  private final PeerInfo self;
  private final int initialTtl;
  private final Random random;

  PeerMessages(PeerInfo self, int initialTtl, Random random) {
    this.self = asSource(self);
    this.initialTtl = initialTtl;
    this.random = random;
  }

  /** Peer Info as a Source Peer Info (0x03), the form requests and Routing Tables carry. */
  static PeerInfo asSource(PeerInfo info) {
    return info.source()
        ? info
        : PeerInfo.source(info.peerId(), info.capability(), info.addresses());
  }

  PeerInfo self() {
    return self;
  }

  private Header neighbourHeader(MessageType type, Id128 to) {
    return Header.peerRequest(type, random.nextInt(), self.peerId(), to).withTtl(1);
  }

  private Header routedHeader(MessageType type, Id128 destination) {
    return Header.peerRequest(type, random.nextInt(), self.peerId(), destination)
        .withTtl(initialTtl);
  }

  Message keepalive(Id128 to, PeerStatus status) {
    return Message.of(
        neighbourHeader(MessageType.KEEPALIVE, to), self, new StatusAttribute(status));
  }

  Message notify(Id128 to, PeerStatus status) {
    return Message.of(neighbourHeader(MessageType.NOTIFY, to), self, new StatusAttribute(status));
  }

  Message update(Id128 to, int updateType, RoutingTable table) {
    return Message.of(
        neighbourHeader(MessageType.UPDATE, to), self, new UpdateTypeAttribute(updateType), table);
  }

  Message leave(Id128 to, RoutingTable table) {
    return Message.of(
        neighbourHeader(MessageType.LEAVE, to),
        self,
        table,
        new EventInfo(EventInfo.ABOUT_TO_LEAVE, "leaving the overlay"));
  }

  /** JOIN as the joiner sends it: J = 1, Source Peer-ID = Destination ID = the joiner. */
  Message join() {
    Header plain = routedHeader(MessageType.JOIN, self.peerId());
    Header withJ =
        new Header(
            plain.type(),
            false,
            false,
            false,
            false,
            false,
            false,
            true,
            plain.ttl(),
            plain.transactionId(),
            plain.sourcePeerId(),
            plain.destinationId());
    return Message.of(withJ, self);
  }

  Message searchPeer(Id128 target) {
    return Message.of(routedHeader(MessageType.SEARCH_PEER, target), self);
  }

  Message answer(Message request, ResponseCode code, Attribute... attributes) {
    return answer(request, ResponseAttribute.of(code), attributes);
  }

  Message answer(Message request, ResponseCode code, int subCode, Attribute... attributes) {
    return answer(request, ResponseAttribute.of(code, subCode), attributes);
  }

  private Message answer(Message request, ResponseAttribute response, Attribute... attributes) {
    return PeerResponses.to(request.header(), initialTtl, response, self, List.of(attributes));
  }

  /** The same message with the header's J flag cleared (the first peer handling a JOIN, 4.3). */
  static Message clearJ(Message join) {
    Header h = join.header();
    Header cleared =
        new Header(
            h.type(),
            h.response(),
            false,
            false,
            h.hFlag(),
            h.dFlag(),
            h.fFlag(),
            false,
            h.ttl(),
            h.transactionId(),
            h.sourcePeerId(),
            h.destinationId());
    return new Message(cleared, join.attributes());
  }

  static Message withTtl(Message message, int ttl) {
    return new Message(message.header().withTtl(ttl), message.attributes());
  }

  /** A Routing Table of the given peers' Peer Info (those the directory knows). */
  static RoutingTable table(
      List<Id128> predecessors, List<Id128> successors, List<Id128> fingers, PeerDirectory peers) {
    return new RoutingTable(
        infos(predecessors, peers), infos(successors, peers), infos(fingers, peers));
  }

  private static List<PeerInfo> infos(List<Id128> ids, PeerDirectory peers) {
    List<PeerInfo> infos = new ArrayList<>(ids.size());
    for (Id128 id : ids) {
      PeerInfo info = peers.info(id);
      if (info != null) {
        infos.add(asSource(info));
      }
    }
    return infos;
  }
}
