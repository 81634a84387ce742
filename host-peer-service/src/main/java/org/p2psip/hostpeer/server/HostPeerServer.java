package org.p2psip.hostpeer.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.handler.LocalPeer;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionReaper;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.NotifyBroadcaster;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.codec.P2psipCodec;
import org.p2psip.protocol.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpServer;
import reactor.netty.tcp.TcpSslContextSpec;

/**
 * The client-protocol listener (Reactor Netty TCP, optionally TLS). Per connection: the codec
 * handlers, a {@link Session}, and one reactive pipeline that reads messages with bounded demand
 * (at most {@code maxInFlightPerConnection} requests in progress; beyond that the socket is not
 * read, so a flooding client is slowed, not queued), answers them, and interleaves the peer's own
 * Notify messages.
 */
public final class HostPeerServer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(HostPeerServer.class);
  private static final Duration LEAVE_NOTICE = Duration.ofMillis(300);
  private static final AttributeKey<Session> SESSION = AttributeKey.valueOf("p2psip.session");

  private final HostPeerProperties properties;
  private final @Nullable SslBundle sslBundle;
  private final SessionRegistry sessions;
  private final SessionReaper reaper;
  private final RequestDispatcher dispatcher;
  private final PeerStatusMonitor status;
  private final NotifyBroadcaster notifier;
  private final HostPeerMetrics metrics;
  private final LocalPeer localPeer;
  private final AtomicLong connectionIds = new AtomicLong();
  private volatile @Nullable DisposableServer server;
  private @Nullable Disposable reaping;

  public HostPeerServer(
      HostPeerProperties properties,
      @Nullable SslBundle sslBundle,
      SessionRegistry sessions,
      SessionReaper reaper,
      RequestDispatcher dispatcher,
      PeerStatusMonitor status,
      NotifyBroadcaster notifier,
      HostPeerMetrics metrics,
      LocalPeer localPeer) {
    this.properties = properties;
    this.localPeer = localPeer;
    this.sslBundle = sslBundle;
    this.sessions = sessions;
    this.reaper = reaper;
    this.dispatcher = dispatcher;
    this.status = status;
    this.notifier = notifier;
    this.metrics = metrics;
  }

  /**
   * Before the default phase of the overlay peer: the client port is bound when the peer joins the
   * ring, so that its Peer Info can name it (docs/peer-protocol.md 2.1).
   */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 1;
  }

  @Override
  public void start() {
    TcpServer tcp =
        TcpServer.create()
            .host(properties.bindAddress())
            .port(properties.port())
            // the codec goes in as the channel is set up, before a byte can be read
            .doOnChannelInit(
                (observer, channel, address) ->
                    P2psipCodec.addBefore(
                        channel.pipeline(),
                        NettyPipeline.ReactiveBridge,
                        properties.limits().maxMessageLength()))
            .doOnConnection(this::accept)
            .handle(this::serve);
    if (sslBundle != null) {
      tcp = tcp.secure(spec -> spec.sslContext(sslContext()));
    }
    server = tcp.bindNow(Duration.ofSeconds(10));
    localPeer.listeningOn(server.port());
    status.start();
    notifier.start(status);
    Duration sweep =
        minimum(properties.limits().joinTimeout(), properties.limits().keepAliveExpiry())
            .dividedBy(4);
    reaping =
        Flux.interval(minimum(sweep, Duration.ofSeconds(1))).subscribe(tick -> reaper.sweep());
    log.info(
        "host peer listening on {}:{} ({}, auth {})",
        properties.bindAddress(),
        port(),
        sslBundle != null ? "TLS, client auth " + properties.tls().clientAuth() : "plain TCP",
        properties.auth().mode());
  }

  private TcpSslContextSpec sslContext() {
    var managers = sslBundle.getManagers();
    return TcpSslContextSpec.forServer(managers.getKeyManagerFactory())
        .configure(
            builder ->
                builder
                    .trustManager(managers.getTrustManagerFactory())
                    .clientAuth(
                        switch (properties.tls().clientAuth()) {
                          case NONE -> ClientAuth.NONE;
                          case OPTIONAL -> ClientAuth.OPTIONAL;
                          case REQUIRED -> ClientAuth.REQUIRE;
                        }));
  }

  private void accept(Connection connection) {
    if (sessions.size() >= properties.limits().maxConnections()) {
      metrics.connectionRefused();
      log.warn(
          "connection from {} refused: {} connections open", connection.address(), sessions.size());
      connection.dispose();
      return;
    }
    Session session =
        new Session(
            Long.toHexString(connectionIds.incrementAndGet()),
            connection,
            connection.channel().remoteAddress(),
            System.nanoTime());
    connection.channel().attr(SESSION).set(session);
    sessions.add(session);
    connection.onDispose(
        () -> {
          sessions.remove(session);
          session.endPeerMessages();
          log.debug("{} closed", session);
        });
    log.debug("{} connected", session);
  }

  private Mono<Void> serve(NettyInbound in, NettyOutbound out) {
    Session[] holder = new Session[1];
    in.withConnection(connection -> holder[0] = connection.channel().attr(SESSION).get());
    Session session = holder[0];
    if (session == null) {
      return Mono.empty(); // refused in accept()
    }
    Flux<Message> answers =
        in.receiveObject()
            .doOnNext(message -> session.touch(System.nanoTime()))
            .flatMap(
                message -> counted(session, message),
                properties.limits().maxInFlightPerConnection())
            .filter(reply -> !closing(session, reply) && reply.message() != null)
            .map(Reply::message)
            .doFinally(signal -> session.endPeerMessages());
    return out.sendObject(Flux.merge(answers, session.peerMessages())).then();
  }

  /**
   * A last answer (to Leave, or to a message that broke framing) is written on its own and the
   * connection closed once it is on the wire. Cancelling the inbound stream instead would close the
   * connection before the answer went out.
   */
  private static boolean closing(Session session, Reply reply) {
    if (!reply.close()) {
      return false;
    }
    session.leave();
    Channel channel = session.connection().channel();
    if (reply.message() == null) {
      channel.close();
    } else {
      channel.writeAndFlush(reply.message()).addListener(ChannelFutureListener.CLOSE);
    }
    return true;
  }

  private Mono<Reply> counted(Session session, Object message) {
    session.inFlight().incrementAndGet();
    sessions.totalInFlight().incrementAndGet();
    // released before the answer travels on (doOnTerminate, not doFinally), so that the next
    // request a full connection may start is never counted alongside the one just finished
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            session.inFlight().decrementAndGet();
            sessions.totalInFlight().decrementAndGet();
          }
        };
    return dispatcher.dispatch(session, message).doOnTerminate(release).doOnCancel(release);
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    DisposableServer bound = server;
    return bound != null ? bound.port() : -1;
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  /**
   * Tells joined clients the peer is leaving (Notify, event "about to leave"), gives the
   * notifications a moment to be written, then closes the listener and every connection.
   */
  @Override
  public void stop(Runnable callback) {
    int told = notifier.announceLeaving();
    log.info("host peer stopping; {} joined clients told", told);
    Disposable sweeping = reaping;
    if (sweeping != null) {
      sweeping.dispose();
    }
    notifier.stop();
    status.stop();
    DisposableServer bound = server;
    server = null;
    if (bound == null) {
      callback.run();
      return;
    }
    Mono.delay(told > 0 ? LEAVE_NOTICE : Duration.ZERO)
        .then(
            Mono.defer(
                () -> {
                  sessions.all().forEach(Session::close);
                  bound.dispose();
                  return bound.onDispose();
                }))
        .timeout(Duration.ofSeconds(10))
        .onErrorResume(error -> Mono.empty())
        .doFinally(signal -> callback.run())
        .subscribe();
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  private static Duration minimum(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
