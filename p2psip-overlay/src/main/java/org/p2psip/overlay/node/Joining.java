package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * The joining side (docs/peer-protocol.md 4.2, 4.3, 8.1): try the bootstrap addresses in random
 * order with a handshake and a JOIN, take the admitting peer's lists, wait for its UPDATE naming
 * this node its predecessor; back off and retry, or form a ring alone when this is a seed that
 * reached nobody within the bootstrap timeout.
 */
final class Joining {

  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final NodeContext node;
  private final Membership membership;
  private final Stabilization stabilization;
  private final Runnable joined;
  private List<String> bootstrap = List.of();
  private long startedAt;
  private long backoffMillis = 1_000;
  private int attempt;

  Joining(NodeContext node, Membership membership, Stabilization stabilization, Runnable joined) {
    this.node = node;
    this.membership = membership;
    this.stabilization = stabilization;
    this.joined = joined;
  }

  void start(List<String> bootstrapAddresses) {
    bootstrap = List.copyOf(bootstrapAddresses);
    startedAt = node.now();
    if (bootstrap.isEmpty() && node.settings.seed()) {
      aloneNow();
      return;
    }
    tryAll();
  }

  /** Joins again through the same bootstrap list, as at start (a member left alone, 8.1). */
  void again() {
    startedAt = node.now();
    backoffMillis = 1_000;
    tryAll();
  }

  private void tryAll() {
    if (node.phase != NodePhase.JOINING) {
      return;
    }
    attempt++;
    List<String> order = new ArrayList<>(bootstrap);
    Collections.shuffle(order, node.random);
    tryNext(order, 0, attempt);
  }

  private void tryNext(List<String> order, int index, int round) {
    if (node.phase != NodePhase.JOINING || round != attempt) {
      return;
    }
    if (index >= order.size()) {
      noneReached();
      return;
    }
    node.links.connectBootstrap(
        order.get(index),
        outcome -> {
          PeerInfo bootstrapPeer =
              outcome instanceof PeerLinks.Outcome.Answered answered
                  ? Stabilization.responder(answered.answer())
                  : null;
          if (bootstrapPeer == null || bootstrapPeer.peerId().equals(node.selfId)) {
            tryNext(order, index + 1, round);
            return;
          }
          node.peers.learn(bootstrapPeer);
          sendJoin(bootstrapPeer.peerId(), order, index, round);
        });
  }

  private void sendJoin(Id128 bootstrapPeer, List<String> order, int index, int round) {
    node.links.send(
        bootstrapPeer,
        node.messages.join(),
        node.settings.requestTimeoutMillis(),
        outcome -> {
          if (node.phase != NodePhase.JOINING || round != attempt) {
            return;
          }
          if (!(outcome instanceof PeerLinks.Outcome.Answered answered)
              || answered.answer().response() == null) {
            tryNext(order, index + 1, round);
            return;
          }
          Message answer = answered.answer();
          int code = answer.response().code();
          if (code == ResponseCode.OK.code()) {
            admitted(answer, round);
          } else if (code == ResponseCode.JOIN_REQUEST_DEFERRED.code()) {
            node.clock.schedule(1_000 + node.random.nextInt(4_000), retryIfStill(round));
          } else {
            tryNext(order, index + 1, round);
          }
        });
  }

  private Runnable retryIfStill(int round) {
    return () -> {
      if (round == attempt) {
        tryAll();
      }
    };
  }

  private void noneReached() {
    if (node.settings.seed() && node.now() - startedAt >= node.settings.bootstrapTimeoutMillis()) {
      aloneNow();
      return;
    }
    long delay = backoffMillis;
    backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    if (node.settings.seed()) {
      delay =
          Math.min(
              delay, Math.max(1, startedAt + node.settings.bootstrapTimeoutMillis() - node.now()));
    }
    node.clock.schedule(delay, retryIfStill(attempt));
  }

  private void aloneNow() {
    node.log().info("peer {}: no bootstrap peer answered; forming a ring alone", node.name);
    joined.run();
  }

  /** The JOIN answer (4.3 step 3): the admitting peer and its lists; now wait for its UPDATE. */
  private void admitted(Message answer, int round) {
    PeerInfo admitting = Stabilization.responder(answer);
    RoutingTable table = answer.first(RoutingTable.class);
    if (admitting == null || table == null) {
      tryAll();
      return;
    }
    node.log().info("peer {}: admitted by {}", node.name, Ring.shortId(admitting.peerId()));
    node.links.connect(
        admitting,
        connected -> {
          if (node.phase != NodePhase.JOINING || round != attempt) {
            return;
          }
          if (!connected) {
            node.log()
                .info(
                    "peer {}: cannot connect to the admitting peer {}; joining again",
                    node.name,
                    Ring.shortId(admitting.peerId()));
            tryAll();
            return;
          }
          membership.mergeAdmitted(admitting);
          membership.mergeTable(admitting, table);
          stabilization.expectAdmission(admitting.peerId(), joined);
          node.clock.schedule(
              node.settings.joinTimeoutMillis(),
              () -> {
                if (node.phase == NodePhase.JOINING && round == attempt) {
                  node.log().warn("peer {}: admission timed out; joining again", node.name);
                  stabilization.expectAdmission(null, null);
                  for (Id128 peer : node.watchedPeers()) {
                    node.routing.remove(peer);
                  }
                  tryAll();
                }
              });
        });
  }
}
