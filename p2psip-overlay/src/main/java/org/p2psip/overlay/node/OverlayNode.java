package org.p2psip.overlay.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * One host peer's overlay logic (docs/peer-protocol.md 3-4). The transport hands it each request
 * that passed the handshake and the checks of section 9, with the connection's authenticated
 * Node-ID; the node answers, forwards, and keeps its routing state through joining, stabilization,
 * failure detection, fingers and leaving. Every method must be called on the node's executor.
 */
public final class OverlayNode {

  private final NodeContext node;
  private final Membership membership;
  private final Stabilization stabilization;
  private final Forwarding forwarding;
  private final FailureDetection failures;
  private final Fingers fingers;
  private final Admission admission;
  private final Joining joining;
  private final Leaving leaving;
  private final ServiceDiscovery discovery;
  private LocalService local = this::withoutStore;
  private @Nullable Replication replication;

  public OverlayNode(
      PeerInfo self,
      OverlaySettings settings,
      NodeClock clock,
      PeerLinks links,
      Random random,
      NodeEvents events) {
    this.node = new NodeContext(self, settings, clock, links, random, events);
    this.membership = new Membership(node);
    this.stabilization = new Stabilization(node, membership);
    membership.setStabilization(stabilization);
    this.forwarding = new Forwarding(node, membership);
    this.failures = new FailureDetection(node, membership);
    this.fingers = new Fingers(node, forwarding);
    this.admission = new Admission(node, membership, stabilization);
    this.joining = new Joining(node, membership, stabilization, this::joined);
    this.leaving = new Leaving(node, membership, admission);
    this.discovery = new ServiceDiscovery(node);
    forwarding.setLocal(this::deliverLocally);
    node.listsListeners.add(this::rejoinIfAlone);
  }

  /**
   * 8.1: a member that is not a seed and has lost every neighbour (all dead or gone) is no ring
   * member any more: it joins again through its bootstrap list, and meanwhile answers 432.
   */
  private void rejoinIfAlone() {
    if (node.phase == NodePhase.JOINED && !node.settings.seed() && node.routing.isAlone()) {
      node.log().info("peer {}: alone and not a seed; joining again", node.name);
      node.phase = NodePhase.JOINING;
      node.events.phaseChanged(NodePhase.JOINING);
      joining.again();
    }
  }

  /** Storage (PUT, GET, REMOVE, TRANSFER, LookUpServicePeer at its end). */
  public void setLocalService(LocalService local) {
    this.local = local;
  }

  public void setHandover(Handover handover) {
    admission.setHandover(handover);
    leaving.setHandover(handover);
  }

  /**
   * Gives the node its own store (docs/peer-protocol.md 5): it then serves PUT, GET, REMOVE and
   * TRANSFER, replicates with a write quorum, hands ranges over on join and leave, and repairs.
   * Call before {@link #start}.
   */
  public void enableStorage(ReplicaStore store, StorageLimits limits) {
    Replication replication = new Replication(node, store, limits);
    replication.setAdmission(admission);
    Transfers transfers = new Transfers(node, store, limits);
    setLocalService(new Storage(node, store, limits, replication, transfers));
    setHandover(replication);
    node.listsListeners.add(replication::listsChanged);
    this.replication = replication;
  }

  /** Joins through {@code bootstrap} ({@code host:port}), or forms a ring alone as a seed. */
  public void start(List<String> bootstrap) {
    startStorage();
    failures.start();
    stabilization.start();
    fingers.start();
    joining.start(bootstrap);
  }

  /**
   * Starts as a member of a ring whose neighbours and fingers are already known and handshaken, as
   * when a simulation builds a converged ring; the usual maintenance keeps it so from here.
   */
  public void startJoined(Collection<PeerInfo> neighbours, Map<Integer, PeerInfo> fingerPeers) {
    for (PeerInfo peer : neighbours) {
      node.peers.learn(PeerMessages.asSource(peer));
    }
    node.routing.merge(neighbours.stream().map(PeerInfo::peerId).toList());
    fingerPeers.forEach(
        (index, peer) -> {
          node.peers.learn(PeerMessages.asSource(peer));
          node.routing.putFinger(index, peer.peerId());
        });
    startStorage();
    failures.start();
    stabilization.start();
    fingers.start();
    joined();
  }

  private void startStorage() {
    Replication current = replication;
    if (current != null) {
      current.start();
    }
  }

  private void joined() {
    if (node.phase != NodePhase.JOINING) {
      return;
    }
    node.phase = NodePhase.JOINED;
    node.events.phaseChanged(NodePhase.JOINED);
    stabilization.announce();
  }

  /** Leaves gracefully (4.7); {@code stopped} runs once the node has stopped. */
  public void leave(Runnable stopped) {
    leaving.leave(
        () -> {
          stop();
          stopped.run();
        });
  }

  /** Stops at once, without telling anyone (shutdown after leave, or a crash in a simulation). */
  public void stop() {
    if (node.phase == NodePhase.STOPPED) {
      return;
    }
    for (Id128 peer : node.watchedPeers()) {
      node.links.close(peer);
    }
    node.phase = NodePhase.STOPPED;
    node.events.phaseChanged(NodePhase.STOPPED);
  }

  /** A request from the handshaken peer {@code from}, already checked against section 9. */
  public void onRequest(Id128 from, Message request, Consumer<Message> answer) {
    if (node.phase == NodePhase.STOPPED) {
      return;
    }
    failures.heard(from);
    MessageType type = request.type();
    if (type == null) {
      answer.accept(node.messages.answer(request, ResponseCode.UNRECOGNIZED_MESSAGE_TYPE));
      return;
    }
    switch (type) {
      case JOIN ->
          forwarding.onRouted(
              from, request.header().jFlag() ? PeerMessages.clearJ(request) : request, answer);
      case SEARCH_PEER, PUT, GET, REMOVE, LOOKUP_SERVICE_PEER ->
          forwarding.onRouted(from, request, answer);
      case KEEPALIVE -> failures.onKeepalive(from, request, answer);
      case NOTIFY -> failures.onNotify(from, request, answer);
      case UPDATE -> stabilization.onUpdate(from, request, answer);
      case LEAVE -> leaving.onLeave(from, request, answer);
      case TRANSFER -> onTransfer(from, request, answer);
      default ->
          answer.accept(node.messages.answer(request, ResponseCode.UNRECOGNIZED_MESSAGE_TYPE));
    }
  }

  private void onTransfer(Id128 from, Message request, Consumer<Message> answer) {
    if (!node.routing.isNeighbour(from) && !admission.isAdmitting()) {
      answer.accept(
          node.messages.answer(
              request, ResponseCode.REJECTED, PeerSubCodes.REJECTED_NOT_A_NEIGHBOUR));
      return;
    }
    local.handle(from, request, answer);
  }

  /** A connection with {@code peer} closed (the transport noticed). */
  public void onConnectionLost(Id128 peer) {
    if (node.running()) {
      failures.onConnectionLost(peer);
    }
  }

  /**
   * Sends a routed request this node originates (the host peer's clients' PUT, GET, REMOVE); the
   * answer, or a 408/2 or 436 made up here, goes to {@code answer}.
   */
  public void originate(Message request, Consumer<Message> answer) {
    if (node.phase != NodePhase.JOINED) {
      answer.accept(node.messages.answer(request, ResponseCode.OVERLAY_SERVICE_INTERRUPT));
      return;
    }
    forwarding.originate(request, answer);
  }

  /** This node's Status changed (load, store failure): its neighbours are told (4.5). */
  public void setStatus(PeerStatus status) {
    if (status == node.status) {
      return;
    }
    node.status = status;
    for (Id128 peer : node.watchedPeers()) {
      node.links.send(
          peer, node.messages.notify(peer, status), node.settings.requestTimeoutMillis(), o -> {});
    }
  }

  private void deliverLocally(@Nullable Id128 from, Message request, Consumer<Message> answer) {
    MessageType type = request.type();
    if (type == MessageType.JOIN) {
      admission.onJoin(request, answer);
    } else if (type == MessageType.SEARCH_PEER) {
      fingers.onSearchPeer(request, answer);
    } else {
      local.handle(from, request, answer);
    }
  }

  /**
   * Without a store: storage requests fail as a store failure would (408/4); LookUpServicePeer is
   * answered with the Service Peer Info as it arrived.
   */
  private void withoutStore(@Nullable Id128 from, Message request, Consumer<Message> answer) {
    ServicePeerInfo services = request.first(ServicePeerInfo.class);
    if (request.type() == MessageType.LOOKUP_SERVICE_PEER && services != null) {
      answer.accept(node.messages.answer(request, ResponseCode.OK, services));
    } else {
      answer.accept(
          node.messages.answer(request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_STORE));
    }
  }

  /**
   * Up to {@code max} other host peers with Status good and a client address, from the routing
   * state (docs/peer-protocol.md 7): where a busy or full host peer sends its clients.
   */
  public ServicePeerInfo otherHostPeers(int max) {
    return discovery.otherHostPeers(max);
  }

  public PeerInfo self() {
    return node.messages.self();
  }

  public Id128 nodeId() {
    return node.selfId;
  }

  public OverlayInfo overlay() {
    return node.settings.overlay();
  }

  public NodePhase phase() {
    return node.phase;
  }

  public PeerStatus status() {
    return node.status;
  }

  /** The ring as this node sees it now. */
  public NodeView view() {
    return new NodeView(
        node.selfId,
        node.phase,
        node.status,
        node.routing.predecessors(),
        node.routing.successors(),
        node.routing.distinctFingers(),
        node.routing.responsibility(),
        node.routing.replicaRange(node.settings.replicationFactor()),
        replication == null ? List.of() : replication.repairing(),
        forwarding.pendingCount());
  }

  /** Whether {@code peer} is in this node's lists (TRANSFER senders must be, 9). */
  public boolean isNeighbour(Id128 peer) {
    return node.routing.isNeighbour(peer);
  }
}
