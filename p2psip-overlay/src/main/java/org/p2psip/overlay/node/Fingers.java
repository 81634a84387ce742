package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * Fingers (docs/peer-protocol.md 4.6): every finger interval one index, from 127 down to 0 and
 * round again; a target up to s1 is s1 without a message, any other is looked up with SearchPeer.
 * Also answers SearchPeer for the keys this node is responsible for.
 */
final class Fingers {

  private final NodeContext node;
  private final Forwarding forwarding;
  private int nextIndex = RoutingState.FINGERS - 1;

  Fingers(NodeContext node, Forwarding forwarding) {
    this.node = node;
    this.forwarding = forwarding;
  }

  void start() {
    node.every(node.settings.fingerIntervalMillis(), false, this::refreshNext);
  }

  private void refreshNext() {
    int index = nextIndex;
    nextIndex = index == 0 ? RoutingState.FINGERS - 1 : index - 1;
    if (node.phase != NodePhase.JOINED) {
      return;
    }
    refresh(index);
  }

  void refresh(int index) {
    Id128 s1 = node.routing.firstSuccessor();
    if (s1 == null) {
      node.routing.clearFinger(index);
      return;
    }
    Id128 target = Ring.fingerTarget(node.selfId, index);
    if (Ring.inHalfOpen(target, node.selfId, s1)) {
      node.routing.putFinger(index, s1);
      return;
    }
    forwarding.originate(
        node.messages.searchPeer(target),
        answer -> {
          PeerInfo owner = Stabilization.responder(answer);
          if (!node.running() || !Stabilization.isOk(answer) || owner == null) {
            return;
          }
          Id128 peer = owner.peerId();
          if (peer.equals(node.selfId)) {
            node.routing.clearFinger(index);
          } else if (node.routing.knows(peer) || node.peers.isKnown(peer)) {
            node.routing.setFinger(index, peer);
          } else if (!node.peers.isIgnored(peer, node.now())) {
            node.links.connect(
                owner,
                connected -> {
                  if (connected && node.running()) {
                    node.peers.learn(owner);
                    node.routing.setFinger(index, peer);
                  }
                });
          }
        });
  }

  /** SearchPeer at the responsible peer: itself, its Status and its lists. */
  void onSearchPeer(Message request, Consumer<Message> answer) {
    RoutingTable table = node.listsTable();
    answer.accept(
        node.messages.answer(request, ResponseCode.OK, new StatusAttribute(node.status), table));
  }
}
