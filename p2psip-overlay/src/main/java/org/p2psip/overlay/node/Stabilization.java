package org.p2psip.overlay.node;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * Stabilization (docs/peer-protocol.md 4.4): every stabilize interval, and at once when a neighbour
 * is lost, an UPDATE of type 1 with this node's lists to s1 and p1, whose answers carry theirs; and
 * the answers to UPDATEs received.
 */
final class Stabilization {

  private final NodeContext node;
  private final Membership membership;
  private @Nullable Runnable joinedByAdmission;
  private @Nullable Id128 admittingPeer;

  /**
   * An admission UPDATE that overtook the JOIN answer (it comes straight from the admitting peer,
   * the answer back through the bootstrap peer): kept until the answer names its sender.
   */
  private @Nullable PeerInfo earlyAdmission;

  Stabilization(NodeContext node, Membership membership) {
    this.node = node;
    this.membership = membership;
  }

  void start() {
    node.every(node.settings.stabilizeIntervalMillis(), true, this::stabilize);
  }

  /** While joining: the UPDATE type 0 of {@code admittingPeer} completes the join. */
  void expectAdmission(@Nullable Id128 admittingPeer, @Nullable Runnable joined) {
    this.admittingPeer = admittingPeer;
    this.joinedByAdmission = joined;
    PeerInfo early = earlyAdmission;
    earlyAdmission = null;
    if (admittingPeer != null
        && joined != null
        && early != null
        && early.peerId().equals(admittingPeer)) {
      membership.mergeAdmitted(early);
      this.admittingPeer = null;
      this.joinedByAdmission = null;
      joined.run();
    }
  }

  void stabilize() {
    Set<Id128> targets = new LinkedHashSet<>();
    Id128 s1 = node.routing.firstSuccessor();
    Id128 p1 = node.routing.firstPredecessor();
    if (s1 != null) {
      targets.add(s1);
    }
    if (p1 != null) {
      targets.add(p1);
    }
    for (Id128 target : targets) {
      sendUpdate(target, UpdateTypeAttribute.SEND_ROUTING_TABLE, node.listsTable());
    }
  }

  /** Reactive repair after a loss (4.5): the same exchange, now. */
  void refillNow() {
    if (node.phase == NodePhase.JOINED || node.phase == NodePhase.LEAVING) {
      stabilize();
    }
  }

  /** UPDATE type 0 with this node's table to every peer of its lists (4.3 step 6). */
  void announce() {
    RoutingTable table = node.listsTable();
    Set<Id128> everyone = new LinkedHashSet<>(node.routing.successors());
    everyone.addAll(node.routing.predecessors());
    for (Id128 peer : everyone) {
      sendUpdate(peer, UpdateTypeAttribute.CHECK_ROUTING_STATE, table);
    }
  }

  void sendUpdate(Id128 to, int type, RoutingTable table) {
    sendUpdate(to, type, table, answer -> {});
  }

  void sendUpdate(Id128 to, int type, RoutingTable table, Consumer<Boolean> done) {
    node.links.send(
        to,
        node.messages.update(to, type, table),
        node.settings.requestTimeoutMillis(),
        outcome -> {
          if (!node.running()) {
            return;
          }
          if (outcome instanceof PeerLinks.Outcome.Answered answered && isOk(answered.answer())) {
            RoutingTable theirs = answered.answer().first(RoutingTable.class);
            PeerInfo responder = responder(answered.answer());
            if (theirs != null && responder != null && responder.peerId().equals(to)) {
              membership.mergeTable(responder, theirs);
            }
            done.accept(true);
          } else {
            if (outcome instanceof PeerLinks.Outcome.Unreachable) {
              membership.declareDead(to);
            }
            done.accept(false);
          }
        });
  }

  /** An UPDATE received from {@code from} (its handshaken Node-ID). */
  void onUpdate(Id128 from, Message request, Consumer<Message> answer) {
    UpdateTypeAttribute type = request.first(UpdateTypeAttribute.class);
    PeerInfo sender = request.first(PeerInfo.class);
    if (type == null
        || sender == null
        || (type.updateType() != UpdateTypeAttribute.CHECK_ROUTING_STATE
            && type.updateType() != UpdateTypeAttribute.SEND_ROUTING_TABLE)) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    RoutingTable table = request.first(RoutingTable.class);
    boolean namesMeItsP1 =
        node.phase == NodePhase.JOINING
            && type.updateType() == UpdateTypeAttribute.CHECK_ROUTING_STATE
            && table != null
            && !table.predecessors().isEmpty()
            && table.predecessors().get(0).peerId().equals(node.selfId);
    boolean admission = namesMeItsP1 && from.equals(admittingPeer);
    if (namesMeItsP1 && admittingPeer == null) {
      earlyAdmission = PeerMessages.asSource(sender);
    }
    if (admission) {
      membership.mergeAdmitted(PeerMessages.asSource(sender));
    }
    if (table != null) {
      membership.mergeTable(PeerMessages.asSource(sender), table);
    } else {
      membership.mergeTable(PeerMessages.asSource(sender), RoutingTable.EMPTY);
    }
    answer.accept(
        type.updateType() == UpdateTypeAttribute.SEND_ROUTING_TABLE
            ? node.messages.answer(request, ResponseCode.OK, type, node.listsTable())
            : node.messages.answer(request, ResponseCode.OK, type));
    Runnable joined = joinedByAdmission;
    if (admission && joined != null) {
      admittingPeer = null;
      joinedByAdmission = null;
      joined.run();
    }
  }

  static boolean isOk(Message answer) {
    return answer.response() != null && answer.response().code() == ResponseCode.OK.code();
  }

  /** The Destination Peer Info of an answer. */
  static @Nullable PeerInfo responder(Message answer) {
    for (PeerInfo info : answer.all(PeerInfo.class)) {
      if (!info.source()) {
        return PeerMessages.asSource(info);
      }
    }
    return null;
  }
}
