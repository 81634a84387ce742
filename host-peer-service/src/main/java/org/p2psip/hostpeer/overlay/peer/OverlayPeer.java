package org.p2psip.hostpeer.overlay.peer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.overlay.store.RedisReplicaStore;
import org.p2psip.hostpeer.overlay.transport.NodeExecutor;
import org.p2psip.hostpeer.overlay.transport.PeerTls;
import org.p2psip.hostpeer.overlay.transport.PeerTransport;
import org.p2psip.overlay.node.NodeEvents;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * This host peer as a ring member: its {@link OverlayNode} with the peer port ({@link
 * PeerTransport}) and its own Redis as the store, started with the application and leaving the ring
 * gracefully (docs/peer-protocol.md 4.7) when it stops. Expired versions are swept every repair
 * interval.
 */
public final class OverlayPeer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OverlayPeer.class);

  private final HostPeerProperties properties;
  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final @Nullable SslBundles sslBundles;
  private final Id128 nodeId;
  private @Nullable NodeExecutor executor;
  private @Nullable PeerTransport transport;
  private @Nullable OverlayNode node;
  private volatile boolean running;

  public OverlayPeer(
      HostPeerProperties properties,
      ReactiveRedisTemplate<String, byte[]> redis,
      @Nullable SslBundles sslBundles) {
    this.properties = properties;
    this.redis = redis;
    this.sslBundles = sslBundles;
    String configured = properties.peerId();
    this.nodeId =
        configured == null || configured.isBlank() ? Id128.random() : Id128.fromHex(configured);
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
            peerPort.selfInfo(nodeId),
            OverlaySettingsMapping.node(overlay),
            thread,
            peerPort,
            new SecureRandom(),
            NodeEvents.NONE);
    RedisReplicaStore store =
        new RedisReplicaStore(redis, System::currentTimeMillis, overlay.requestTimeout());
    overlayNode.enableStorage(
        new OnNodeThread(store, thread), OverlaySettingsMapping.storage(properties));
    peerPort.attach(overlayNode);
    executor = thread;
    transport = peerPort;
    node = overlayNode;
    peerPort.start(overlay.bootstrap());
    sweepEvery(store, thread, overlay.repairInterval());
    running = true;
    log.info(
        "overlay: peer {} on peer port {}, bootstrap {}",
        nodeId.hex().substring(0, 8),
        peerPort.port(),
        overlay.bootstrap());
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
    return Mono.<NodeView>create(sink -> thread.execute(() -> sink.success(overlayNode.view())))
        .map(RingView::of);
  }
}
