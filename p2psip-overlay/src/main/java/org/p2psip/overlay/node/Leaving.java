package org.p2psip.overlay.node;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * Leaving the ring (docs/peer-protocol.md 4.7): hand the range to s1, send LEAVE with the lists to
 * every neighbour (a 431 is retried each second), stop after every answer or the leave timeout; and
 * the receiving side of a LEAVE.
 */
final class Leaving {

  private static final long RETRY_MILLIS = 1_000;

  private final NodeContext node;
  private final Membership membership;
  private final Admission admission;
  private Handover handover = Handover.NOTHING;

  Leaving(NodeContext node, Membership membership, Admission admission) {
    this.node = node;
    this.membership = membership;
    this.admission = admission;
  }

  void setHandover(Handover handover) {
    this.handover = handover;
  }

  void leave(Runnable stopped) {
    if (node.phase != NodePhase.JOINED) {
      stopped.run();
      return;
    }
    node.phase = NodePhase.LEAVING;
    node.events.phaseChanged(NodePhase.LEAVING);
    node.log().info("peer {}: leaving", node.name);
    Id128 s1 = node.routing.firstSuccessor();
    PeerInfo successor = s1 == null ? null : node.peers.info(s1);
    if (successor == null) {
      sendLeaves(stopped);
      return;
    }
    handover.toSuccessor(successor, node.routing.responsibility(), done -> sendLeaves(stopped));
  }

  private void sendLeaves(Runnable stopped) {
    Set<Id128> neighbours = new LinkedHashSet<>(node.routing.successors());
    neighbours.addAll(node.routing.predecessors());
    RoutingTable table = node.listsTable();
    long deadline = node.now() + node.settings.leaveTimeoutMillis();
    int[] open = {neighbours.size()};
    boolean[] finished = {false};
    Runnable finish =
        () -> {
          if (!finished[0]) {
            finished[0] = true;
            stopped.run();
          }
        };
    if (neighbours.isEmpty()) {
      finish.run();
      return;
    }
    node.clock.schedule(node.settings.leaveTimeoutMillis(), finish);
    for (Id128 neighbour : neighbours) {
      sendLeave(
          neighbour,
          table,
          deadline,
          () -> {
            if (--open[0] == 0) {
              finish.run();
            }
          });
    }
  }

  private void sendLeave(Id128 to, RoutingTable table, long deadline, Runnable answered) {
    node.links.send(
        to,
        node.messages.leave(to, table),
        Math.max(1, deadline - node.now()),
        outcome -> {
          boolean deferred =
              outcome instanceof PeerLinks.Outcome.Answered a
                  && a.answer().response() != null
                  && a.answer().response().code() == ResponseCode.LEAVE_REQUEST_DEFERRED.code();
          if (deferred && node.now() + RETRY_MILLIS < deadline) {
            node.clock.schedule(RETRY_MILLIS, () -> sendLeave(to, table, deadline, answered));
          } else {
            answered.run();
          }
        });
  }

  /** A neighbour leaves: drop it, merge its lists (4.7 step 3). */
  void onLeave(Id128 from, Message request, Consumer<Message> answer) {
    if (admission.isAdmitting()) {
      answer.accept(node.messages.answer(request, ResponseCode.LEAVE_REQUEST_DEFERRED));
      return;
    }
    RoutingTable table = request.first(RoutingTable.class);
    membership.departed(from);
    if (table != null) {
      membership.mergeTable(null, table);
    }
    answer.accept(node.messages.answer(request, ResponseCode.OK));
  }
}
