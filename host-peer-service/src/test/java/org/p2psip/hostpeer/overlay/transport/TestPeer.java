package org.p2psip.hostpeer.overlay.transport;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.overlay.peer.OnNodeThread;
import org.p2psip.overlay.node.NodeEvents;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.node.OverlaySettings;
import org.p2psip.overlay.node.ReplicaStore;
import org.p2psip.overlay.node.StorageLimits;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;

/** One host peer's overlay node on its own transport, on a loopback ephemeral port. */
final class TestPeer implements AutoCloseable {

  static final OverlayInfo OVERLAY =
      new OverlayInfo(HashAlgorithm.SHA1, 1, "transport.test.p2psip.org");

  final Id128 id;
  final PeerTransport transport;
  final OverlayNode node;

  TestPeer(Id128 id, boolean seed) {
    this(id, seed, null);
  }

  /** A peer on TLS with {@code tls}, or in development mode when it is null. */
  TestPeer(Id128 id, boolean seed, @Nullable PeerTls tls) {
    this(
        id,
        seed,
        tls,
        tls == null
            ? TransportSettings.development("127.0.0.1", 0)
            : TransportSettings.secured("127.0.0.1", 0));
  }

  TestPeer(Id128 id, boolean seed, @Nullable PeerTls tls, TransportSettings settings) {
    this.id = id;
    NodeExecutor executor = new NodeExecutor("overlay-node-" + id.hex().substring(0, 8));
    this.transport = new PeerTransport(settings, executor, tls, OVERLAY.name());
    transport.bind();
    this.node =
        new OverlayNode(
            transport.selfInfo(id),
            OverlaySettings.defaults(OVERLAY, seed),
            executor,
            transport,
            new SecureRandom(),
            NodeEvents.NONE);
    transport.attach(node);
    this.executor = executor;
  }

  private final NodeExecutor executor;

  /**
   * Gives the node a store (answers hopped onto its thread, as the host peer does); before start.
   */
  void enableStorage(ReplicaStore store) {
    node.enableStorage(new OnNodeThread(store, executor), StorageLimits.DEFAULTS);
  }

  void start(List<String> bootstrap) {
    transport.start(bootstrap);
  }

  int port() {
    return transport.port();
  }

  String address() {
    return "127.0.0.1:" + transport.port();
  }

  /** Reads the node's state on its own thread, as every access must. */
  <T> T query(Function<OverlayNode, T> question) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    executor.execute(() -> answer.complete(question.apply(node)));
    try {
      return answer.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not answer", e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
