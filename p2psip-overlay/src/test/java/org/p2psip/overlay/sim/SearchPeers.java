package org.p2psip.overlay.sim;

import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;

/** SearchPeer requests as a node originates them (docs/peer-protocol.md 2.2). */
final class SearchPeers {

  private SearchPeers() {}

  static Message of(PeerInfo source, Id128 key, int transactionId) {
    return Message.of(
        Header.peerRequest(MessageType.SEARCH_PEER, transactionId, source.peerId(), key)
            .withTtl(32),
        source);
  }
}
