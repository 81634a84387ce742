package org.p2psip.hostpeer.overlay.peer;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.handler.LocalPeer;
import org.p2psip.hostpeer.handler.OtherHostPeers;
import org.p2psip.hostpeer.overlay.records.RoutedRequests;
import org.p2psip.hostpeer.overlay.store.RedisReplicaStore;
import org.p2psip.hostpeer.overlay.transport.NodeExecutor;
import org.p2psip.hostpeer.overlay.transport.PeerTls;
import org.p2psip.hostpeer.overlay.transport.PeerTransport;
import org.p2psip.hostpeer.overlay.transport.TransportCounters;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.hostpeer.status.RingMembership;
import org.p2psip.overlay.node.NodeEvents;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * This host peer as a ring member: its {@link OverlayNode} with the peer port ({@link
 * PeerTransport}) and its own Redis as the store, started with the application and leaving the ring
 * gracefully (docs/peer-protocol.md 4.7) when it stops. Expired versions are swept every repair
 * interval.
 */
public final class OverlayPeer implements SmartLifecycle, RoutedRequests, OtherHostPeers {

  private static final Logger log = LoggerFactory.getLogger(OverlayPeer.class);

  private final HostPeerProperties properties;
  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final @Nullable SslBundles sslBundles;
  private final LocalPeer localPeer;
  private final Id128 nodeId;
  private final PeerStatusMonitor status;
  private final RingMembership membership;
  private volatile @Nullable NodeExecutor executor;
  private volatile @Nullable PeerTransport transport;
  private volatile @Nullable OverlayNode node;
  private volatile @Nullable RedisReplicaStore replicaStore;
  private volatile boolean running;
  private @Nullable Disposable statusFeed;
  private final OverlayMetrics metrics;

  /**
   * @param nodeId this host peer's Node-ID, the same on the client and the peer port
   * @param status this peer's condition as a store, told to its neighbours (4.5)
   * @param membership set here: whether clients may be served (6)
   */
  public OverlayPeer(
      HostPeerProperties properties,
      ReactiveRedisTemplate<String, byte[]> redis,
      @Nullable SslBundles sslBundles,
      LocalPeer localPeer,
      PeerStatusMonitor status,
      RingMembership membership,
      MeterRegistry meters) {
    this.metrics =
        new OverlayMetrics(
            meters,
            membership,
            () -> {
              PeerTransport peerPort = transport;
              return peerPort == null ? new TransportCounters() : peerPort.counters();
            });
    this.properties = properties;
    this.redis = redis;
    this.sslBundles = sslBundles;
    this.localPeer = localPeer;
    this.nodeId = localPeer.peerId();
    this.status = status;
    this.membership = membership;
  }

  @Override
  public void start() {
    HostPeerProperties.Overlay overlay = properties.overlay();
    boolean tls = !overlay.insecureDevelopment();
    NodeExecutor thread = new NodeExecutor("overlay-" + nodeId.hex().substring(0, 8));
    PeerTransport peerPort =
        tls
            ? new PeerTransport(
                OverlaySettingsMapping.transport(properties, true),
                thread,
                peerTls(overlay.tlsBundle()),
                overlay.name())
            : new PeerTransport(OverlaySettingsMapping.transport(properties, false), thread);
    peerPort.bind();
    OverlayNode overlayNode =
        new OverlayNode(
            // with its client address (Usage 1): other peers may send clients here (7)
            peerPort.selfInfo(nodeId, clientAddresses()),
            OverlaySettingsMapping.node(overlay),
            thread,
            peerPort,
            new SecureRandom(),
            new PeerEvents());
    RedisReplicaStore store =
        new RedisReplicaStore(redis, System::currentTimeMillis, overlay.requestTimeout());
    replicaStore = store;
    overlayNode.enableStorage(
        new OnNodeThread(store, thread), OverlaySettingsMapping.storage(properties));
    peerPort.attach(overlayNode);
    executor = thread;
    transport = peerPort;
    node = overlayNode;
    overlayNode.setStatus(status.storeStatus());
    statusFeed =
        status
            .storeChanges()
            .subscribe(changed -> thread.execute(() -> overlayNode.setStatus(changed)));
    peerPort.start(overlay.bootstrap());
    sweepEvery(store, thread, overlay.repairInterval());
    running = true;
    log.info(
        "overlay: peer {} on peer port {}, bootstrap {}",
        nodeId.hex().substring(0, 8),
        peerPort.port(),
        overlay.bootstrap());
  }

  /**
   * Follows the node's phase and lists: a ring member is joined and, unless it is a seed, not alone
   * (docs/peer-protocol.md 6). Runs on the node's thread.
   */
  private final class PeerEvents implements NodeEvents {

    @Override
    public void peerDead(Id128 peer) {
      metrics.peerDead();
    }

    @Override
    public void forwarded() {
      metrics.forwarded();
    }

    @Override
    public void dropped(String why) {
      metrics.dropped(why);
    }

    @Override
    public void replicaAnswered(boolean applied) {
      metrics.replicaAnswered(applied);
    }

    @Override
    public void writeQuorum(boolean reached) {
      metrics.writeQuorum(reached);
    }

    @Override
    public void transferSent(Reason reason, int versions, int bytes) {
      metrics.transferSent(reason, versions, bytes);
    }

    @Override
    public void repairFinished(boolean completed) {
      metrics.repairFinished(completed);
    }

    @Override
    public void phaseChanged(NodePhase phase) {
      update();
    }

    @Override
    public void listsChanged(RoutingState.Change change) {
      update();
    }

    private void update() {
      OverlayNode overlayNode = node;
      if (overlayNode == null) {
        return;
      }
      NodeView view = overlayNode.view();
      boolean member =
          view.phase() == NodePhase.JOINED
              && (properties.overlay().seed() || !view.successors().isEmpty());
      if (member != membership.member()) {
        membership.set(member);
        log.info(
            "overlay: peer {} {} the ring",
            nodeId.hex().substring(0, 8),
            member ? "is a member of" : "is no longer a member of");
        status.recheck();
      }
    }
  }

  /** The client port, bound before the peer port starts (the client listener's phase is lower). */
  private List<PeerAddressInfo> clientAddresses() {
    return localPeer.description().addresses().stream()
        .map(address -> address.withUsage(PeerAddressInfo.USAGE_CLIENT))
        .toList();
  }

  /** Other host peers of the ring for clients of a busy or full peer (7), read on its thread. */
  @Override
  public Mono<ServicePeerInfo> find(int max) {
    OverlayNode overlayNode = node;
    NodeExecutor thread = executor;
    if (overlayNode == null || thread == null) {
      return Mono.empty();
    }
    return Mono.<ServicePeerInfo>create(
            sink -> thread.execute(() -> sink.success(overlayNode.otherHostPeers(max))))
        .filter(found -> !found.peers().isEmpty());
  }

  /**
   * A client's PUT, GET or REMOVE as a routed request from this peer (docs/peer-protocol.md 6),
   * answered on the node's thread. Fails with a timeout when the node does not answer at all
   * (stopped), a little after the request timeout by which it makes up 436 itself.
   */
  @Override
  public Mono<Message> send(MessageType type, ResourceInfo object) {
    OverlayNode overlayNode = node;
    NodeExecutor thread = executor;
    HostPeerProperties.Overlay overlay = properties.overlay();
    if (overlayNode == null || thread == null) {
      return Mono.error(new IllegalStateException("the overlay peer is not started"));
    }
    long started = System.nanoTime();
    return Mono.<Message>create(
            sink ->
                thread.execute(
                    () ->
                        overlayNode.originate(
                            Message.of(
                                Header.peerRequest(
                                        type, TransactionIds.next(), nodeId, object.resourceId())
                                    .withTtl(overlay.initialTtl()),
                                overlayNode.self(),
                                object),
                            sink::success)))
        .timeout(overlay.requestTimeout().plusSeconds(1))
        .doOnNext(
            answer ->
                metrics.routed(
                    type,
                    answer.response() == null ? 0 : answer.response().code(),
                    Duration.ofNanos(System.nanoTime() - started),
                    hops(answer, overlay.initialTtl())));
  }

  /**
   * Hops to the peer that answered: 0 when this peer did; else the answer left it with the initial
   * TTL and each forwarder on the way back lowered it by one (3.5).
   */
  private int hops(Message answer, int initialTtl) {
    PeerInfo responder = answer.first(PeerInfo.class);
    if (responder == null || responder.peerId().equals(nodeId)) {
      return 0;
    }
    return Math.max(1, initialTtl - answer.header().ttl() + 1);
  }

  private void sweepEvery(RedisReplicaStore store, NodeExecutor thread, Duration interval) {
    thread.schedule(
        interval.toMillis(),
        () -> {
          if (!running) {
            return;
          }
          store
              .pruneExpired(System.currentTimeMillis())
              .subscribe(
                  removed -> {},
                  failure -> log.warn("overlay: sweeping expired versions failed", failure));
          sweepEvery(store, thread, interval);
        });
  }

  private PeerTls peerTls(String bundleName) {
    if (sslBundles == null) {
      throw new IllegalStateException(
          "p2psip.host-peer.overlay: TLS needs the SSL bundle '" + bundleName + "'");
    }
    SslBundle bundle = sslBundles.getBundle(bundleName);
    return new PeerTls(
        bundle.getManagers().getKeyManagerFactory(), bundle.getManagers().getTrustManagerFactory());
  }

  /** Leaves the ring (4.7), then closes the peer port; bounded by the leave timeout. */
  @Override
  public void stop() {
    OverlayNode overlayNode = node;
    NodeExecutor thread = executor;
    running = false;
    Disposable feed = statusFeed;
    if (feed != null) {
      feed.dispose();
    }
    if (overlayNode != null && thread != null) {
      CountDownLatch left = new CountDownLatch(1);
      thread.execute(() -> overlayNode.leave(left::countDown));
      try {
        left.await(properties.overlay().leaveTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    PeerTransport peerPort = transport;
    if (peerPort != null) {
      peerPort.close();
    }
    if (thread != null) {
      thread.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The peer port bound (the ephemeral one when configured 0). */
  public int peerPort() {
    PeerTransport peerPort = transport;
    if (peerPort == null) {
      throw new IllegalStateException("the overlay peer is not started");
    }
    return peerPort.port();
  }

  /** The ring as this peer sees it, read on the node's thread. */
  public Mono<Map<String, Object>> view() {
    OverlayNode overlayNode = node;
    NodeExecutor thread = executor;
    if (overlayNode == null || thread == null) {
      return Mono.just(Map.of("phase", "STOPPED"));
    }
    RedisReplicaStore store = replicaStore;
    return Mono.<NodeView>create(sink -> thread.execute(() -> sink.success(overlayNode.view())))
        .flatMap(
            view ->
                store == null
                    ? Mono.just(RingView.of(view, RingView.Stored.UNKNOWN))
                    : Mono.zip(
                            store.resourceIdCount().defaultIfEmpty(0L),
                            store.resourceIdCount(view.responsibility()).defaultIfEmpty(0L),
                            store.resourceIdCount(view.replicaRange()).defaultIfEmpty(0L))
                        .map(
                            counts ->
                                RingView.of(
                                    view,
                                    new RingView.Stored(
                                        counts.getT1(), counts.getT2(), counts.getT3())))
                        .onErrorResume(
                            failure -> Mono.just(RingView.of(view, RingView.Stored.UNKNOWN))));
  }
}
