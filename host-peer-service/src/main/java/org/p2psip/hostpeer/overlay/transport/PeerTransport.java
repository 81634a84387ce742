package org.p2psip.hostpeer.overlay.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.node.PeerLinks;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.codec.P2psipCodec;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpServer;

/**
 * The peer port of one {@link OverlayNode} (docs/peer-protocol.md 4.1, 8.2, 9): a Reactor Netty TCP
 * server for connections other peers open, outgoing connections through {@link PeerDialer}, and the
 * node's {@link PeerLinks} over both. All connection state lives on the node's thread ({@link
 * NodeExecutor}); Netty threads only hand events over, so nothing blocks an event loop.
 *
 * <p>Use: {@link #bind()}, build the node with this transport and the executor, {@link
 * #attach(OverlayNode)}, {@link #start(List)}; {@link #close()} at the end.
 */
public final class PeerTransport implements PeerLinks, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PeerTransport.class);

  /** How long a replaced connection may finish its pending transactions (4.1). */
  private static final long REPLACED_GRACE_MILLIS = 10_000;

  private final TransportSettings settings;
  private final NodeExecutor executor;
  private final PeerIdentity identity;
  private final @Nullable PeerTls tls;
  private final TransportCounters counters = new TransportCounters();
  private final PeerDialer dialer;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final Set<PeerConnection> live = new HashSet<>();
  private final Map<Id128, PeerInfo> known = new HashMap<>();
  private final Map<Id128, List<Consumer<Boolean>>> connecting = new HashMap<>();
  private final AtomicInteger acceptedConnections = new AtomicInteger();
  private volatile @Nullable OverlayNode node;
  private volatile @Nullable InboundMessages inbound;
  private @Nullable DisposableServer server;

  /** Development mode: plain TCP, Node-IDs asserted (settings must say so). */
  public PeerTransport(TransportSettings settings, NodeExecutor executor) {
    this(settings, executor, null, "");
  }

  /**
   * @param tls this peer's certificate and the peer CA; required iff {@code settings.tlsEnabled()}
   * @param overlayName the overlay the peers' certificates must name (TLS only)
   */
  public PeerTransport(
      TransportSettings settings,
      NodeExecutor executor,
      @Nullable PeerTls tls,
      String overlayName) {
    if (settings.tlsEnabled() != (tls != null)) {
      throw new IllegalArgumentException("TLS material is required iff TLS is enabled");
    }
    this.settings = settings;
    this.executor = executor;
    this.tls = tls;
    this.identity =
        tls != null ? PeerIdentity.certificates(overlayName) : PeerIdentity.ASSERTED_UNVERIFIED;
    this.dialer =
        new PeerDialer(settings, executor, tls, identity, counters, netty -> wire(netty, true));
  }

  /** Opens the peer port; returns the port bound (the ephemeral one when configured 0). */
  public int bind() {
    TcpServer tcp =
        TcpServer.create()
            .host(settings.bindAddress())
            .port(settings.port())
            // the codec goes in as the channel is set up, before a byte can be read
            .doOnChannelInit(
                (observer, channel, address) ->
                    P2psipCodec.addBefore(
                        channel.pipeline(),
                        NettyPipeline.ReactiveBridge,
                        settings.maxMessageLength()))
            .handle((in, out) -> accept(in));
    PeerTls material = tls;
    if (material != null) {
      tcp = tcp.secure(material::server);
    }
    DisposableServer bound = tcp.bindNow(Duration.ofSeconds(10));
    server = bound;
    if (material == null) {
      log.warn(
          "peer port {}:{} in insecure development mode: Node-IDs are asserted, not verified;"
              + " it must not be reachable from outside this machine or test network",
          settings.bindAddress(),
          bound.port());
    } else {
      log.info("peer port {}:{} (TLS)", settings.bindAddress(), bound.port());
    }
    return bound.port();
  }

  /** The port bound by {@link #bind()}. */
  public int port() {
    DisposableServer bound = server;
    if (bound == null) {
      throw new IllegalStateException("not bound");
    }
    return bound.port();
  }

  /** This peer's Peer Info with the advertised host and the bound peer port (Usage 0). */
  public PeerInfo selfInfo(Id128 nodeId) {
    return selfInfo(nodeId, List.of());
  }

  /**
   * This peer's Peer Info: its peer port (Usage 0) and {@code more} addresses, such as the client
   * port with Usage 1 of a peer that serves clients (docs/peer-protocol.md 2.1).
   */
  public PeerInfo selfInfo(Id128 nodeId, List<PeerAddressInfo> more) {
    try {
      InetAddress host = InetAddress.getByName(settings.advertisedHost());
      List<PeerAddressInfo> addresses = new ArrayList<>();
      addresses.add(PeerAddressInfo.tcpHost(host, port()));
      addresses.addAll(more);
      return PeerInfo.source(nodeId, PeerServiceCapability.NONE, addresses);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("advertised host " + settings.advertisedHost(), e);
    }
  }

  /** Connects the node built on this transport; requests are served from then on. */
  public void attach(OverlayNode overlayNode) {
    this.inbound =
        new InboundMessages(overlayNode, executor, identity, settings, counters, this::accepted);
    this.node = overlayNode;
  }

  /** Starts the node on its thread: it joins through {@code bootstrap} or forms a ring. */
  public void start(List<String> bootstrap) {
    executor.execute(() -> attachedNode().start(bootstrap));
  }

  public TransportCounters counters() {
    return counters;
  }

  private OverlayNode attachedNode() {
    OverlayNode attached = node;
    if (attached == null) {
      throw new IllegalStateException("no node attached");
    }
    return attached;
  }

  // ---- accepted connections ----

  /**
   * Runs on an event loop: refuse beyond the limit, else hand the connection to the node thread.
   */
  private Mono<Void> accept(NettyInbound in) {
    Connection[] holder = new Connection[1];
    in.withConnection(connection -> holder[0] = connection);
    Connection netty = holder[0];
    if (acceptedConnections.incrementAndGet() > settings.maxPeerConnections() || inbound == null) {
      acceptedConnections.decrementAndGet();
      counters.refusedConnection();
      netty.dispose();
      return Mono.empty();
    }
    netty.onDispose(acceptedConnections::decrementAndGet);
    PeerConnection connection = new PeerConnection(netty, false);
    long timeout = settings.handshakeTimeout().toMillis();
    executor.execute(
        () ->
            connection.handshakeTimer(
                executor.schedule(
                    timeout,
                    () -> {
                      if (!connection.established()) {
                        connection.close();
                      }
                    })));
    return reading(netty, connection);
  }

  /** A handshake on an accepted connection succeeded (InboundMessages checked it). */
  private void accepted(PeerConnection connection, PeerInfo source) {
    Id128 peer = connection.peer();
    if (peer == null) {
      return;
    }
    known.put(peer, Handshake.asSource(source));
    PeerConnection earlier = registry.add(connection);
    counters.establishedConnections(registry.size());
    if (earlier != null && earlier != connection) {
      // a restarted peer: its old connection ends when its transactions do, at most 10 s
      earlier.markReplaced();
      if (earlier.idle()) {
        earlier.close();
      } else {
        executor.schedule(REPLACED_GRACE_MILLIS, earlier::close);
      }
    }
  }

  // ---- every connection ----

  private PeerConnection wire(Connection netty, boolean opened) {
    PeerConnection connection = new PeerConnection(netty, opened);
    reading(netty, connection).subscribe(null, error -> connection.close());
    return connection;
  }

  /** Hands what the connection reads, and its closing, to the node's thread in order. */
  private Mono<Void> reading(Connection netty, PeerConnection connection) {
    executor.execute(() -> live.add(connection));
    netty.onDispose(() -> executor.execute(() -> closed(connection)));
    return netty
        .inbound()
        .receiveObject()
        .doOnNext(
            object -> {
              InboundMessages messages = inbound;
              if (messages != null) {
                executor.execute(() -> messages.received(connection, netty, object));
              }
            })
        .then();
  }

  private void closed(PeerConnection connection) {
    live.remove(connection);
    boolean registered = registry.remove(connection);
    counters.establishedConnections(registry.size());
    boolean wasEstablished = connection.established();
    connection.closed();
    Id128 peer = connection.peer();
    OverlayNode overlayNode = node;
    if (registered
        && wasEstablished
        && !connection.closedOnRequest()
        && peer != null
        && overlayNode != null
        && !registry.connectedTo(peer)
        && !peer.equals(overlayNode.nodeId())) {
      overlayNode.onConnectionLost(peer);
    }
  }

  // ---- PeerLinks ----

  @Override
  public void connect(PeerInfo peer, Consumer<Boolean> connected) {
    Id128 id = peer.peerId();
    known.put(id, Handshake.asSource(peer));
    if (registry.usable(id) != null) {
      executor.execute(() -> connected.accept(true));
      return;
    }
    List<Consumer<Boolean>> waiting = connecting.get(id);
    if (waiting != null) {
      waiting.add(connected);
      return;
    }
    InetSocketAddress address = PeerAddresses.peerPort(peer);
    if (address == null) {
      executor.execute(() -> connected.accept(false));
      return;
    }
    waiting = new ArrayList<>();
    waiting.add(connected);
    connecting.put(id, waiting);
    dialer.dial(
        attachedNode(),
        address,
        id,
        dialed -> {
          boolean ok = dialed != null && keep(dialed);
          List<Consumer<Boolean>> callbacks = connecting.remove(id);
          if (callbacks != null) {
            callbacks.forEach(callback -> callback.accept(ok));
          }
        });
  }

  @Override
  public void connectBootstrap(String hostAndPort, Consumer<Outcome> answered) {
    InetSocketAddress address = PeerAddresses.bootstrap(hostAndPort);
    if (address == null) {
      log.warn("bootstrap address {} is not host:port", hostAndPort);
      executor.execute(() -> answered.accept(Outcome.UNREACHABLE));
      return;
    }
    dialer.dial(
        attachedNode(),
        address,
        null,
        dialed -> {
          if (dialed == null) {
            answered.accept(Outcome.UNREACHABLE);
            return;
          }
          if (dialed.answerer().peerId().equals(attachedNode().nodeId())) {
            dialed.connection().close(); // our own address in the list
          } else {
            known.put(dialed.answerer().peerId(), Handshake.asSource(dialed.answerer()));
            keep(dialed);
          }
          answered.accept(new Outcome.Answered(dialed.answer()));
        });
  }

  /**
   * Registers a new outgoing connection unless one to that peer is up already (4.1: at most one).
   */
  private boolean keep(PeerDialer.Dialed dialed) {
    PeerConnection connection = dialed.connection();
    if (connection.state() != PeerConnection.State.ESTABLISHED) {
      return false;
    }
    Id128 peer = dialed.answerer().peerId();
    PeerConnection existing = registry.openedTo(peer);
    if (existing != null && existing.usable()) {
      connection.close();
      return true;
    }
    registry.add(connection);
    return true;
  }

  @Override
  public void send(Id128 peer, Message request, long timeoutMillis, Consumer<Outcome> outcome) {
    PendingSend send = new PendingSend(TransactionKey.of(request.header()), outcome);
    PeerConnection[] on = new PeerConnection[1];
    send.timer(
        executor.schedule(
            timeoutMillis,
            () -> {
              if (on[0] != null) {
                on[0].forget(send);
              }
              send.settle(Outcome.TIMED_OUT);
            }));
    PeerConnection connection = registry.usable(peer);
    if (connection != null) {
      transmit(connection, send, request, on);
      return;
    }
    PeerInfo info = known.get(peer);
    if (info == null) {
      executor.execute(() -> send.settle(Outcome.UNREACHABLE));
      return;
    }
    connect(
        info,
        connected -> {
          PeerConnection opened = connected ? registry.usable(peer) : null;
          if (opened == null) {
            send.settle(Outcome.UNREACHABLE);
          } else {
            transmit(opened, send, request, on);
          }
        });
  }

  private static void transmit(
      PeerConnection connection, PendingSend send, Message request, PeerConnection[] on) {
    if (send.settled()) {
      return;
    }
    on[0] = connection;
    connection.expect(send);
    connection.write(request);
  }

  @Override
  public void close(Id128 peer) {
    for (PeerConnection connection : registry.with(peer)) {
      connection.closeOnRequest();
    }
  }

  // ---- shutdown ----

  /**
   * Stops the node, closes every connection and the port, and ends the node's thread. Blocks for a
   * few seconds at most: never call it on an event loop or the node's thread.
   */
  @Override
  public void close() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    executor.execute(
        () -> {
          OverlayNode overlayNode = node;
          if (overlayNode != null) {
            overlayNode.stop();
          }
          new ArrayList<>(live).forEach(PeerConnection::closeOnRequest);
          stopped.complete(null);
        });
    try {
      stopped.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("overlay node did not stop in time", e);
    }
    DisposableServer bound = server;
    if (bound != null) {
      bound.disposeNow(Duration.ofSeconds(5));
    }
    executor.close();
  }
}
