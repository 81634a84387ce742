package org.p2psip.hostpeer.overlay.transport;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * The connection handshake of docs/peer-protocol.md 4.1: the opener's KEEPALIVE (TTL 1, Overlay
 * Info, Source Peer Info, Destination ID = the expected Node-ID or 0), the receiver's 200 answer
 * (Status, Destination Peer Info, Overlay Info), and the opener's check of that answer.
 */
final class Handshake {

  static final Id128 UNKNOWN_PEER = Id128.wrap(new byte[Id128.LENGTH]);

  private Handshake() {}

  static Message request(
      PeerInfo self, OverlayInfo overlay, @Nullable Id128 expected, int transactionId) {
    Id128 destination = expected != null ? expected : UNKNOWN_PEER;
    return Message.of(
        Header.peerRequest(MessageType.KEEPALIVE, transactionId, self.peerId(), destination)
            .withTtl(1),
        asSource(self),
        overlay);
  }

  static Message answer(
      Message handshake, PeerInfo self, PeerStatus status, OverlayInfo overlay, int initialTtl) {
    return PeerResponses.to(
        handshake.header(),
        initialTtl,
        ResponseAttribute.of(ResponseCode.OK),
        self,
        List.of(new StatusAttribute(status), overlay));
  }

  /**
   * The peer the answer proves, or null when the opener must close: not a 200, Overlay Info missing
   * or different, no Destination Peer Info, Node-ID 0 or not the one expected. In development the
   * Node-ID is the Destination Peer Info's as asserted; with TLS it is also the certificate's.
   */
  static @Nullable PeerInfo answerer(
      Message answer, OverlayInfo overlay, @Nullable Id128 expected) {
    ResponseAttribute response = answer.response();
    if (response == null || response.code() != ResponseCode.OK.code()) {
      return null;
    }
    List<OverlayInfo> overlays = answer.all(OverlayInfo.class);
    if (overlays.size() != 1 || !overlays.get(0).equals(overlay)) {
      return null;
    }
    PeerInfo answering = null;
    for (PeerInfo info : answer.all(PeerInfo.class)) {
      if (!info.source()) {
        answering = info;
      }
    }
    if (answering == null || PeerMessageValidator.isZero(answering.peerId())) {
      return null;
    }
    if (expected != null && !answering.peerId().equals(expected)) {
      return null;
    }
    return answering;
  }

  /** The same Peer Info as a Source Peer Info, as the node keeps peers. */
  static PeerInfo asSource(PeerInfo info) {
    return info.source()
        ? info
        : PeerInfo.source(info.peerId(), info.capability(), info.addresses());
  }
}
