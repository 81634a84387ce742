package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.Ring;

/**
 * The admitting side of a join (docs/peer-protocol.md 4.3): one joiner at a time; answer with the
 * lists, hand over the joiner's range, then name it the predecessor with an UPDATE and tell the
 * neighbours. A joiner that does not finish within the join timeout is forgotten.
 */
final class Admission {

  private final NodeContext node;
  private final Membership membership;
  private final Stabilization stabilization;
  private Handover handover = Handover.NOTHING;
  private @Nullable Id128 joiner;
  private NodeClock.Cancellable timeout = NodeClock.Cancellable.NONE;

  Admission(NodeContext node, Membership membership, Stabilization stabilization) {
    this.node = node;
    this.membership = membership;
    this.stabilization = stabilization;
  }

  void setHandover(Handover handover) {
    this.handover = handover;
  }

  boolean isAdmitting() {
    return joiner != null;
  }

  /** The peer being admitted now, if any. */
  @Nullable Id128 joiner() {
    return joiner;
  }

  /** A JOIN for which this node is responsible: it is the joiner's future successor. */
  void onJoin(Message request, Consumer<Message> answer) {
    Id128 joining = request.header().sourcePeerId();
    PeerInfo info = request.first(PeerInfo.class);
    if (node.phase == NodePhase.JOINED && joining != null && joining.equals(joiner)) {
      // The joiner lost this admission (it could not connect here, for one) and asks again: the
      // admission under way goes on; it gets the same answer, so it waits for the handover.
      node.log().info("peer {}: {} asked to join again", node.name, Ring.shortId(joining));
      answer.accept(node.messages.answer(request, ResponseCode.OK, node.listsTable()));
      return;
    }
    if (node.phase != NodePhase.JOINED || joiner != null) {
      answer.accept(node.messages.answer(request, ResponseCode.JOIN_REQUEST_DEFERRED));
      return;
    }
    if (info == null || joining == null) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    if (joining.equals(node.selfId) || node.routing.knows(joining)) {
      answer.accept(
          node.messages.answer(
              request, ResponseCode.REJECTED, PeerSubCodes.REJECTED_NODE_ID_IN_USE));
      return;
    }
    PeerInfo joinerInfo = PeerMessages.asSource(info);
    // The range handed over: (pR, JP], the whole ring when fewer than R predecessors are known.
    int r = node.settings.replicationFactor();
    Range range =
        node.routing.predecessors().size() < r
            ? Range.wholeRing(joining)
            : new Range(node.routing.predecessors().get(r - 1), joining);
    answer.accept(node.messages.answer(request, ResponseCode.OK, node.listsTable()));
    joiner = joining;
    node.log().info("peer {}: admitting {}", node.name, Ring.shortId(joining));
    timeout =
        node.clock.schedule(
            node.settings.joinTimeoutMillis(), () -> abort(joining, "the join timeout ended"));
    node.links.connect(
        joinerInfo,
        connected -> {
          if (!connected) {
            abort(joining, "the joiner is unreachable");
            return;
          }
          handover.toJoiner(
              joinerInfo,
              range,
              handedOver -> {
                if (!handedOver) {
                  abort(joining, "the handover failed");
                } else {
                  complete(joinerInfo);
                }
              });
        });
  }

  /** Step 5 and 6: the joiner becomes p1, is told so, and the neighbours learn of it. */
  private void complete(PeerInfo joinerInfo) {
    Id128 joining = joinerInfo.peerId();
    if (!joining.equals(joiner) || !node.running()) {
      return;
    }
    membership.mergeAdmitted(joinerInfo);
    stabilization.sendUpdate(
        joining,
        UpdateTypeAttribute.CHECK_ROUTING_STATE,
        node.listsTable(),
        delivered -> {
          if (!joining.equals(joiner)) {
            return;
          }
          joiner = null;
          timeout.cancel();
          stabilization.announce();
        });
  }

  private void abort(Id128 joining, String why) {
    if (joining.equals(joiner)) {
      node.log().info("peer {}: admission of {} ends: {}", node.name, Ring.shortId(joining), why);
      joiner = null;
      timeout.cancel();
    }
  }
}
