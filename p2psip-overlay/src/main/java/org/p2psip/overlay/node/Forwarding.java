package org.p2psip.overlay.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.routing.HopCondition;
import org.p2psip.overlay.routing.NextHop;
import org.p2psip.overlay.routing.Route;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;

/**
 * Routed requests (docs/peer-protocol.md 3.3-3.5): deliver locally or send on with TTL - 1, keep a
 * pending entry so the answer goes back on the way it came, re-route when a final hop is dead, drop
 * loops, and originate this node's own routed requests with one retransmission.
 */
final class Forwarding {

  /** Re-routing attempts after unreachable hops (3.4). */
  private static final int MAX_REROUTES = 3;

  private final NodeContext node;
  private final Membership membership;
  private final Map<TransactionKey, Pending> pending = new HashMap<>();
  private Local local = (from, request, answer) -> {};
  private final ReplicaReads replicaReads;
  private final ServiceDiscovery discovery;

  /** Where a request this node is responsible for goes. */
  @FunctionalInterface
  interface Local {
    void deliver(@Nullable Id128 from, Message request, Consumer<Message> answer);
  }

  /** A forwarded request awaiting its answer. */
  private static final class Pending {
    final @Nullable Id128 from;
    final Consumer<Message> answer;
    final Set<Id128> excluded = new HashSet<>();
    int reroutes;
    boolean done;
    boolean readingReplicas;

    Pending(@Nullable Id128 from, Consumer<Message> answer) {
      this.from = from;
      this.answer = answer;
    }
  }

  Forwarding(NodeContext node, Membership membership) {
    this.node = node;
    this.membership = membership;
    this.discovery = new ServiceDiscovery(node);
    this.replicaReads =
        new ReplicaReads(node, (from, request, answer) -> local.deliver(from, request, answer));
  }

  void setLocal(Local local) {
    this.local = local;
  }

  int pendingCount() {
    return pending.size();
  }

  /** A routed request received from the peer {@code from}. */
  void onRouted(Id128 from, Message request, Consumer<Message> answer) {
    if (node.phase == NodePhase.JOINING) {
      answer.accept(node.messages.answer(request, ResponseCode.OVERLAY_SERVICE_INTERRUPT));
      return;
    }
    if (request.header().ttl() == 0) {
      answer.accept(
          node.messages.answer(
              request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_TTL_EXCEEDED));
      return;
    }
    TransactionKey key = TransactionKey.of(request.header());
    Pending existing = pending.get(key);
    if (existing != null) {
      if (from.equals(existing.from)) {
        route(key, existing, request); // a retransmission: sent on again
      } else {
        node.log().debug("peer {}: dropped {}: a loop or a duplicate", node.name, key);
        node.events.dropped("loop or duplicate");
      }
      return;
    }
    Pending entry = new Pending(from, answer);
    route(key, entry, discovery.collect(request));
  }

  /**
   * A routed request this node originates; {@code answer} gets the answer, or a 408/2 or 436 made
   * up here when there is none.
   */
  void originate(Message request, Consumer<Message> answer) {
    TransactionKey key = TransactionKey.of(request.header());
    Pending entry = new Pending(null, answer);
    Message collected = discovery.collect(request);
    route(key, entry, collected);
    // One retransmission after retransmit-after if nothing came back yet (3.5).
    node.clock.schedule(
        node.settings.retransmitAfterMillis(),
        () -> {
          if (!entry.done && pending.get(key) == entry && node.running()) {
            route(key, entry, collected);
          }
        });
    node.clock.schedule(
        node.settings.requestTimeoutMillis(),
        () -> {
          if (!entry.done) {
            finish(key, entry, node.messages.answer(request, ResponseCode.REQUEST_TIMEOUT));
          }
        });
  }

  private void route(TransactionKey key, Pending entry, Message request) {
    Route route =
        request.type() != null && isReplicaRead(request)
            ? NextHop.toNode(node.routing, request.header().destinationId(), condition(entry))
            : NextHop.forKey(
                node.routing,
                request.header().destinationId(),
                condition(entry),
                node.phase == NodePhase.LEAVING);
    if (route instanceof Route.Local) {
      pending.remove(key);
      entry.done = true;
      local.deliver(entry.from, request, entry.answer);
      return;
    }
    if (!(route instanceof Route.Next next)) {
      finish(
          key,
          entry,
          node.messages.answer(request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_NO_ROUTE));
      return;
    }
    int ttl = request.header().ttl();
    boolean originated = entry.from == null;
    if (!originated && ttl <= 1) {
      finish(
          key,
          entry,
          node.messages.answer(
              request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_TTL_EXCEEDED));
      return;
    }
    if (!pending.containsKey(key) && pending.size() >= node.settings.maxPendingForwards()) {
      finish(
          key,
          entry,
          node.messages.answer(
              request,
              ResponseCode.REJECTED,
              PeerSubCodes.REJECTED_BUSY,
              new StatusAttribute(StatusAttribute.PeerStatus.BUSY)));
      return;
    }
    pending.put(key, entry);
    boolean keyRoutedGet = request.type() == MessageType.GET && !isReplicaRead(request);
    if (keyRoutedGet && next.finalHop()) {
      // 3.6: a final hop that reports busy or interrupt is not asked; one that does not answer
      // within the hop timeout is replaced by replica reads (its answer still counts if first).
      if (node.peers.condition().of(next.peer()) != HopCondition.Usability.USABLE) {
        readReplicas(key, entry, request, next.peer());
        return;
      }
      node.clock.schedule(
          node.settings.hopTimeoutMillis(), () -> readReplicas(key, entry, request, next.peer()));
    }
    Message onward = originated ? request : PeerMessages.withTtl(request, ttl - 1);
    if (!originated) {
      node.events.forwarded();
    }
    node.links.send(
        next.peer(),
        onward,
        node.settings.requestTimeoutMillis(),
        outcome -> onOutcome(key, entry, request, next, outcome));
  }

  private void onOutcome(
      TransactionKey key,
      Pending entry,
      Message request,
      Route.Next hop,
      PeerLinks.Outcome outcome) {
    if (entry.done || !node.running()) {
      return;
    }
    if (outcome instanceof PeerLinks.Outcome.Answered answered) {
      Message response = answered.answer();
      int ttl = response.header().ttl();
      if (entry.from == null) {
        finish(key, entry, response);
      } else if (ttl == 0) {
        pending.remove(key);
        entry.done = true;
        node.log().debug("peer {}: dropped the response to {}: TTL 0", node.name, key);
        node.events.dropped("response with TTL 0");
      } else {
        finish(key, entry, PeerMessages.withTtl(response, ttl - 1));
      }
      return;
    }
    if (outcome instanceof PeerLinks.Outcome.Unreachable
        && hop.finalHop()
        && request.type() == MessageType.GET
        && !isReplicaRead(request)) {
      membership.declareDead(hop.peer());
      readReplicas(key, entry, request, hop.peer());
      return;
    }
    if (outcome instanceof PeerLinks.Outcome.Unreachable) {
      // A final hop that cannot be reached is dead and the choice is made again, at most three
      // times; a rule-4 candidate that cannot be reached is skipped (flexible forwarding, 3.4).
      if (hop.finalHop()) {
        membership.declareDead(hop.peer());
      }
      entry.excluded.add(hop.peer());
      if (!hop.finalHop() || ++entry.reroutes <= MAX_REROUTES) {
        route(key, entry, request);
      } else {
        finish(
            key,
            entry,
            node.messages.answer(
                request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_NO_ROUTE));
      }
      return;
    }
    // Timed out: an expired pending entry is dropped without an answer (3.5); the source
    // answers itself when its own request timeout ends.
    if (entry.from != null) {
      pending.remove(key);
      entry.done = true;
      node.log().debug("peer {}: dropped {}: no answer in time", node.name, key);
      node.events.dropped("no answer in time");
    }
  }

  private void readReplicas(TransactionKey key, Pending entry, Message request, Id128 target) {
    if (entry.done || entry.readingReplicas || !node.running()) {
      return;
    }
    entry.readingReplicas = true;
    replicaReads.read(request, target, answer -> finish(key, entry, answer));
  }

  private void finish(TransactionKey key, Pending entry, Message answer) {
    pending.remove(key);
    if (!entry.done) {
      entry.done = true;
      entry.answer.accept(answer);
    }
  }

  private HopCondition condition(Pending entry) {
    HopCondition status = node.peers.condition();
    return peer ->
        entry.excluded.contains(peer) ? HopCondition.Usability.UNUSABLE : status.of(peer);
  }

  /** A GET whose Destination ID is not its Resource-ID (3.6). */
  private static boolean isReplicaRead(Message request) {
    if (request.type() != MessageType.GET) {
      return false;
    }
    ResourceInfo info = request.first(ResourceInfo.class);
    return info != null && !info.resourceId().equals(request.header().destinationId());
  }
}
