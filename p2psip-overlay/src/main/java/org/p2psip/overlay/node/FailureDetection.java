package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * Failure detection (docs/peer-protocol.md 4.5): a KEEPALIVE to every peer of the lists and fingers
 * each keep-alive interval; {@code keepalive-missed} unanswered in a row, or a lost connection that
 * cannot be opened again, make the peer dead. Any request from a peer counts as an answer: a peer
 * that is busy answering late still talks, and on a saturated machine its keep-alive answers may
 * queue behind that traffic (a keep-alive is given at least the hop timeout to be answered). Status
 * learnt from the answers feeds flexible forwarding.
 */
final class FailureDetection {

  private final NodeContext node;
  private final Membership membership;

  FailureDetection(NodeContext node, Membership membership) {
    this.node = node;
    this.membership = membership;
  }

  void start() {
    node.every(node.settings.keepaliveIntervalMillis(), false, this::probeAll);
  }

  private void probeAll() {
    for (Id128 peer : node.watchedPeers()) {
      probe(peer);
    }
  }

  private void probe(Id128 peer) {
    node.links.send(
        peer,
        node.messages.keepalive(peer, node.status),
        Math.max(node.settings.keepaliveIntervalMillis(), node.settings.hopTimeoutMillis()),
        outcome -> {
          if (!node.running()) {
            return;
          }
          PeerDirectory.Known known = node.peers.get(peer);
          if (outcome instanceof PeerLinks.Outcome.Answered answered) {
            if (known != null) {
              known.missedKeepalives = 0;
              StatusAttribute status = answered.answer().first(StatusAttribute.class);
              if (status != null) {
                known.status = status.status();
              }
            }
          } else if (outcome instanceof PeerLinks.Outcome.Unreachable) {
            membership.declareDead(peer);
          } else if (known != null && ++known.missedKeepalives >= node.settings.keepaliveMissed()) {
            membership.declareDead(peer);
          }
        });
  }

  /** A request came from {@code peer}: it is alive, whatever its keep-alive answers are doing. */
  void heard(Id128 peer) {
    PeerDirectory.Known known = node.peers.get(peer);
    if (known != null) {
      known.missedKeepalives = 0;
    }
  }

  /** A connection with {@code peer} closed: dead unless it can be opened again (4.5). */
  void onConnectionLost(Id128 peer) {
    PeerInfo info = node.peers.info(peer);
    if (info == null || !node.routing.knows(peer)) {
      return;
    }
    node.links.connect(
        info,
        connected -> {
          if (!connected && node.running()) {
            membership.declareDead(peer);
          }
        });
  }

  /** KEEPALIVE after the handshake: answered with this node's Status; the sender's recorded. */
  void onKeepalive(Id128 from, Message request, Consumer<Message> answer) {
    StatusAttribute theirs = request.first(StatusAttribute.class);
    if (theirs != null) {
      node.peers.recordStatus(from, theirs.status());
    }
    answer.accept(node.messages.answer(request, ResponseCode.OK, new StatusAttribute(node.status)));
  }

  /** NOTIFY: a neighbour's Status changed. */
  void onNotify(Id128 from, Message request, Consumer<Message> answer) {
    StatusAttribute theirs = request.first(StatusAttribute.class);
    if (theirs != null) {
      node.peers.recordStatus(from, theirs.status());
    }
    answer.accept(node.messages.answer(request, ResponseCode.OK));
  }
}
