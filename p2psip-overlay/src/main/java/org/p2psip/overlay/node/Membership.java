package org.p2psip.overlay.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * Who is in a node's lists (docs/peer-protocol.md 4.4, 4.5, 9): merging Routing Tables, only ever
 * with peers a handshake vouched for; the membership rule that keeps an unknown UPDATE sender out
 * of p1 and s1; and removing dead or departed peers, with the reactive UPDATE that refills the
 * lists.
 */
final class Membership {

  private final NodeContext node;

  /** Peers named in a Routing Table that came from a peer of the lists: they may become p1/s1. */
  private final Set<Id128> vouched = new HashSet<>();

  /** Candidates whose handshake is under way, so that one table does not start two. */
  private final Set<Id128> connecting = new HashSet<>();

  private @Nullable Stabilization stabilization;

  Membership(NodeContext node) {
    this.node = node;
  }

  void setStabilization(Stabilization stabilization) {
    this.stabilization = stabilization;
  }

  /**
   * Merges a Routing Table and its sender (4.4). {@code sender} is on a handshaken connection; it
   * enters the lists at p1 or s1 only if already listed or vouched for (9, membership only through
   * admission). Entries not in the routing state join after a handshake of their own.
   */
  void mergeTable(@Nullable PeerInfo sender, RoutingTable table) {
    boolean fromNeighbour = sender != null && node.routing.isNeighbour(sender.peerId());
    if (fromNeighbour) {
      for (PeerInfo entry : table.entries()) {
        vouched.add(entry.peerId());
      }
    }
    if (sender != null) {
      mergeSender(sender);
    }
    for (PeerInfo entry : table.entries()) {
      mergeCandidate(entry);
    }
  }

  /** A peer this node admitted or was admitted by: no membership rule, the admission vouches. */
  void mergeAdmitted(PeerInfo peer) {
    vouched.add(peer.peerId());
    node.peers.learn(peer);
    apply(node.routing.merge(List.of(peer.peerId())));
  }

  private void mergeSender(PeerInfo sender) {
    Id128 id = sender.peerId();
    if (id.equals(node.selfId) || node.peers.isIgnored(id, node.now())) {
      return;
    }
    if (!node.routing.isNeighbour(id) && !vouched.contains(id) && wouldBeFirst(id)) {
      return; // an unknown sender never makes itself p1 or s1
    }
    node.peers.learn(sender);
    apply(node.routing.merge(List.of(id)));
  }

  /** True if merging {@code id} would make it s1 or p1. */
  private boolean wouldBeFirst(Id128 id) {
    Id128 s1 = node.routing.firstSuccessor();
    Id128 p1 = node.routing.firstPredecessor();
    boolean beforeS1 =
        s1 == null || Ring.distance(node.selfId, id).compareTo(Ring.distance(node.selfId, s1)) < 0;
    boolean afterP1 =
        p1 == null || Ring.distance(id, node.selfId).compareTo(Ring.distance(p1, node.selfId)) < 0;
    return beforeS1 || afterP1;
  }

  /** Merges a table entry: at once if already handshaken, else after a handshake succeeds. */
  void mergeCandidate(PeerInfo candidate) {
    Id128 id = candidate.peerId();
    if (id.equals(node.selfId)
        || node.peers.isIgnored(id, node.now())
        || node.routing.isNeighbour(id)
        || !wouldEnterLists(id)) {
      return;
    }
    if (node.routing.knows(id)) {
      apply(node.routing.merge(List.of(id)));
      return;
    }
    if (!connecting.add(id)) {
      return;
    }
    node.links.connect(
        candidate,
        connected -> {
          connecting.remove(id);
          if (!node.running()) {
            return;
          }
          if (connected) {
            node.peers.learn(PeerMessages.asSource(candidate));
            apply(node.routing.merge(List.of(id)));
          } else {
            node.peers.ignore(id, node.now() + node.settings.deadPeerIgnoreMillis());
          }
        });
  }

  /** Whether {@code id} is near enough to enter either list (saves useless handshakes). */
  private boolean wouldEnterLists(Id128 id) {
    RoutingState routing = node.routing;
    int size = routing.listSize();
    List<Id128> successors = routing.successors();
    List<Id128> predecessors = routing.predecessors();
    if (successors.size() < size || predecessors.size() < size) {
      return true;
    }
    Id128 lastSuccessor = successors.get(size - 1);
    Id128 lastPredecessor = predecessors.get(size - 1);
    return Ring.distance(node.selfId, id).compareTo(Ring.distance(node.selfId, lastSuccessor)) < 0
        || Ring.distance(id, node.selfId).compareTo(Ring.distance(lastPredecessor, node.selfId))
            < 0;
  }

  /**
   * A peer is dead (4.5): out of the lists and fingers, its connections closed, ignored for a
   * while; UPDATE to the new s1 and p1 refills the lists at once.
   */
  void declareDead(Id128 peer) {
    if (!node.routing.knows(peer) && !node.peers.isKnown(peer)) {
      return;
    }
    node.log().info("peer {}: peer {} is dead", node.name, Ring.shortId(peer));
    drop(peer);
    node.events.peerDead(peer);
  }

  /** A peer left (4.7): out of the routing state, not re-added from stale tables for a while. */
  void departed(Id128 peer) {
    node.log().info("peer {}: peer {} left", node.name, Ring.shortId(peer));
    drop(peer);
  }

  private void drop(Id128 peer) {
    vouched.remove(peer);
    node.peers.forget(peer);
    node.peers.ignore(peer, node.now() + node.settings.deadPeerIgnoreMillis());
    node.links.close(peer);
    RoutingState.Change change = node.routing.remove(peer);
    apply(change);
    if (change.any() && stabilization != null) {
      stabilization.refillNow();
    }
  }

  private void apply(RoutingState.Change change) {
    if (change.any()) {
      node.listsListeners.forEach(Runnable::run);
      node.events.listsChanged(change);
    }
  }
}
