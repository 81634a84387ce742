package org.p2psip.client.peer;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * A client's attachment to the overlay (docs/architecture.md flow 2): Inquire every bootstrap peer,
 * rank them (GOOD before BUSY, then by Inquire RTT; interrupted or silent ones left out), Join the
 * best, send Keep-alives, and move to the next best when the peer says it is busy or interrupted
 * (Notify), is about to leave, or the connection dies. Each such event moves the session once: the
 * attachment left is retired with everything serving it, its connection told Leave and closed. When
 * no peer accepts, the session keeps trying with a growing, jittered pause ({@link Reconnect})
 * until one does or it is closed. Requests in flight when a connection is lost are sent again on
 * the next peer, so callers see an answer, not the failure; a request made while no peer is joined
 * waits for one up to the request timeout.
 */
public final class OverlaySession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OverlaySession.class);

  /** A bootstrap peer as an Inquire found it. */
  public record PeerChoice(
      InetSocketAddress address, StatusAttribute.PeerStatus status, double rttMillis) {}

  /**
   * @param ssl TLS to the peers (with the client certificate as key material), or null for plain
   *     TCP
   * @param keepAlive how often a joined session sends Keep-alive
   * @param requestTimeout how long one request waits for its answer, and for a peer to be joined
   *     when the session is between peers
   * @param chap credentials for a peer that answers a Join with a CHAP challenge, or null
   * @param reconnect how the session tries again when no peer accepts it; null for {@link
   *     Reconnect#DEFAULT}
   */
  public record Settings(
      @Nullable SslContext ssl,
      Duration keepAlive,
      Duration requestTimeout,
      @Nullable ChapCredentials chap,
      Reconnect reconnect) {

    public Settings(
        @Nullable SslContext ssl,
        Duration keepAlive,
        Duration requestTimeout,
        @Nullable ChapCredentials chap,
        @Nullable Reconnect reconnect) {
      this.ssl = ssl;
      this.keepAlive = keepAlive;
      this.requestTimeout = requestTimeout;
      this.chap = chap;
      this.reconnect = reconnect == null ? Reconnect.DEFAULT : reconnect;
    }

    public Settings(@Nullable SslContext ssl, Duration keepAlive, Duration requestTimeout) {
      this(ssl, keepAlive, requestTimeout, null, null);
    }

    public Settings(
        @Nullable SslContext ssl,
        Duration keepAlive,
        Duration requestTimeout,
        @Nullable ChapCredentials chap) {
      this(ssl, keepAlive, requestTimeout, chap, null);
    }

    public Settings withReconnect(Reconnect reconnect) {
      return new Settings(ssl, keepAlive, requestTimeout, chap, reconnect);
    }
  }

  /**
   * How a session that lost its peer and found no other tries again: first after {@code
   * firstBackoff}, then after twice as long each time up to {@code maxBackoff}, every pause moved
   * at random by up to {@code jitter} of itself (within those bounds) so that the clients of a
   * failed peer do not all come back at the same instant; for as long as the session is open.
   */
  public record Reconnect(Duration firstBackoff, Duration maxBackoff, double jitter) {

    public static final Reconnect DEFAULT =
        new Reconnect(Duration.ofMillis(250), Duration.ofSeconds(30), 0.5);

    public Reconnect {
      if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.isZero()) {
        throw new IllegalArgumentException("the first backoff must be positive: " + firstBackoff);
      }
      if (maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
        throw new IllegalArgumentException(
            "the largest backoff must be at least the first: " + maxBackoff);
      }
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter is a fraction from 0 to 1: " + jitter);
      }
    }

    RetryBackoffSpec retry() {
      return Retry.backoff(Long.MAX_VALUE, firstBackoff).maxBackoff(maxBackoff).jitter(jitter);
    }
  }

  private final List<InetSocketAddress> bootstrap;
  private final Settings settings;
  private final Consumer<String> events;

  /** What requests go to: the joined attachment, or the search for the next one after a move. */
  private final AtomicReference<Mono<Attachment>> current = new AtomicReference<>();

  /** The attachment made last, which {@link #close()} leaves even while a move hands over. */
  private final AtomicReference<Attachment> latest = new AtomicReference<>();

  /** Ends a search for a peer when the session closes. */
  private final Sinks.One<Boolean> closing = Sinks.one();

  private final AtomicLong keepAliveFailures = new AtomicLong();
  private volatile boolean closed;

  private OverlaySession(
      List<InetSocketAddress> bootstrap, Settings settings, Consumer<String> events) {
    this.bootstrap = List.copyOf(bootstrap);
    this.settings = settings;
    this.events = events;
  }

  /** Inquires every peer and ranks the ones that answered. */
  public static Mono<List<PeerChoice>> rank(List<InetSocketAddress> peers, Settings settings) {
    return Flux.fromIterable(peers)
        .flatMap(peer -> inquire(peer, settings))
        .collectList()
        .map(
            found -> {
              List<PeerChoice> usable = new ArrayList<>(found);
              usable.removeIf(
                  p -> p.status() == StatusAttribute.PeerStatus.OVERLAY_SERVICE_INTERRUPT);
              usable.sort(
                  Comparator.comparingInt((PeerChoice p) -> p.status().code())
                      .thenComparingDouble(PeerChoice::rttMillis));
              return usable;
            });
  }

  private static Mono<PeerChoice> inquire(InetSocketAddress peer, Settings settings) {
    return Mono.usingWhen(
            HostPeerClient.connect(
                peer.getHostString(), peer.getPort(), settings.ssl(), settings.requestTimeout()),
            client -> {
              long started = System.nanoTime();
              return client
                  .request(Message.clientRequest(MessageType.INQUIRE))
                  .filter(answer -> answer.response().code() == 200)
                  .map(
                      answer -> {
                        StatusAttribute status = answer.first(StatusAttribute.class);
                        return new PeerChoice(
                            peer,
                            status == null ? StatusAttribute.PeerStatus.GOOD : status.status(),
                            (System.nanoTime() - started) / 1e6);
                      });
            },
            client -> Mono.fromRunnable(client::close))
        .onErrorResume(error -> Mono.empty());
  }

  /**
   * Opens a session on the best peer; {@code events} hears what the session does. Fails when no
   * peer accepts now: only an open session keeps trying.
   */
  public static Mono<OverlaySession> open(
      List<InetSocketAddress> bootstrap, Settings settings, Consumer<String> events) {
    return Mono.defer(
        () -> {
          OverlaySession session = new OverlaySession(bootstrap, settings, events);
          AtomicBoolean handedOut = new AtomicBoolean();
          return session
              .attachToBest(null)
              .map(
                  attachment -> {
                    // a move may already have replaced it, if the connection died at once
                    session.current.compareAndSet(null, Mono.just(attachment));
                    handedOut.set(true);
                    return session;
                  })
              // whoever opened it gave up before getting it: nothing may stay joined behind
              // their back (a cancel after the session was handed out is not giving up)
              .doOnCancel(
                  () -> {
                    if (!handedOut.get()) {
                      session.close();
                    }
                  });
        });
  }

  /** The peer this session is joined to now (waiting up to the request timeout for one). */
  public Mono<PeerChoice> peer() {
    return attached().map(Attachment::peer);
  }

  /** Keep-alives that failed in this session (timed out, refused, or could not be sent). */
  public long keepAliveFailures() {
    return keepAliveFailures.get();
  }

  private Mono<Attachment> attached() {
    return Mono.defer(
            () -> {
              Mono<Attachment> attachment = current.get();
              return closed || attachment == null
                  ? Mono.<Attachment>error(
                      new IllegalStateException("the overlay session is closed"))
                  : attachment;
            })
        .timeout(
            settings.requestTimeout(),
            Mono.error(
                () ->
                    new IllegalStateException(
                        "no host peer joined within "
                            + settings.requestTimeout()
                            + " (the session keeps trying): "
                            + bootstrap)));
  }

  /** Ranks the peers and joins the best one that accepts, skipping {@code avoid}. */
  private Mono<Attachment> attachToBest(@Nullable InetSocketAddress avoid) {
    AtomicReference<Throwable> lastRefusal = new AtomicReference<>();
    return rank(bootstrap, settings)
        .flatMap(
            ranked -> {
              List<PeerChoice> order = spreadAmongEquals(ranked);
              if (avoid != null && order.size() > 1) {
                order.sort(Comparator.comparing(p -> p.address().equals(avoid)));
              }
              return joinFirst(new ArrayDeque<>(order), new HashSet<>(), lastRefusal);
            })
        .switchIfEmpty(
            Mono.defer(
                () ->
                    Mono.error(
                        new IllegalStateException(
                            "no host peer accepted a Join: "
                                + bootstrap
                                + (lastRefusal.get() == null
                                    ? " (none answered an Inquire)"
                                    : "; last: " + lastRefusal.get().getMessage())))));
  }

  /**
   * Joins the first peer of {@code order} that accepts. A peer that answers 410 naming other host
   * peers (docs/peer-protocol.md 7) has them tried next, before the rest of the bootstrap list.
   */
  private Mono<Attachment> joinFirst(
      Deque<PeerChoice> order, Set<InetSocketAddress> tried, AtomicReference<Throwable> refusal) {
    PeerChoice next = order.poll();
    if (next == null) {
      return Mono.empty();
    }
    if (!tried.add(next.address())) {
      return joinFirst(order, tried, refusal);
    }
    return join(next)
        .onErrorResume(
            error -> {
              refusal.set(error);
              List<InetSocketAddress> others =
                  error instanceof JoinRefused refused ? refused.otherHostPeers() : List.of();
              if (!others.isEmpty()) {
                events.accept(next.address() + " refused the Join and named " + others);
              }
              return Flux.fromIterable(others)
                  .filter(address -> !tried.contains(address))
                  .concatMap(address -> inquire(address, settings))
                  .collectList()
                  .flatMap(
                      named -> {
                        for (int i = named.size() - 1; i >= 0; i--) {
                          order.addFirst(named.get(i));
                        }
                        return joinFirst(order, tried, refusal);
                      });
            });
  }

  /** A Join refused; with the host peers the refusing peer named, if any (7). */
  static final class JoinRefused extends IllegalStateException {

    private final List<InetSocketAddress> otherHostPeers;

    JoinRefused(String message, List<InetSocketAddress> otherHostPeers) {
      super(message);
      this.otherHostPeers = List.copyOf(otherHostPeers);
    }

    List<InetSocketAddress> otherHostPeers() {
      return otherHostPeers;
    }
  }

  /** The client addresses (Usage 1) of the host peers a Service Peer Info of type 3 names. */
  static List<InetSocketAddress> otherHostPeers(Message answer) {
    ServicePeerInfo info = answer.first(ServicePeerInfo.class);
    if (info == null || info.serviceType() != ServicePeerInfo.ServiceType.HOST_PEER) {
      return List.of();
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (ServicePeerInfo.ServicePeer peer : info.peers()) {
      for (PeerAddressInfo address : peer.addresses()) {
        if (address.usage() == PeerAddressInfo.USAGE_CLIENT) {
          addresses.add(new InetSocketAddress(address.inetAddress(), address.port()));
          break;
        }
      }
    }
    return addresses;
  }

  /**
   * Peers of the best status whose RTT is within 1 ms or half again of the best are as good as each
   * other: shuffled, so that many clients spread over them instead of all joining the one that
   * happened to answer first.
   */
  static List<PeerChoice> spreadAmongEquals(List<PeerChoice> ranked) {
    List<PeerChoice> order = new ArrayList<>(ranked);
    if (order.size() < 2) {
      return order;
    }
    PeerChoice best = order.get(0);
    double bound = Math.max(best.rttMillis() + 1, best.rttMillis() * 1.5);
    int equals = 1;
    while (equals < order.size()
        && order.get(equals).status() == best.status()
        && order.get(equals).rttMillis() <= bound) {
      equals++;
    }
    Collections.shuffle(order.subList(0, equals));
    return order;
  }

  private Mono<Attachment> join(PeerChoice peer) {
    return HostPeerClient.connect(
            peer.address().getHostString(),
            peer.address().getPort(),
            settings.ssl(),
            settings.requestTimeout())
        .flatMap(
            client -> {
              AtomicReference<Attachment> made = new AtomicReference<>();
              return authenticatedJoin(client, peer.address())
                  .map(
                      answer -> {
                        made.set(adopt(new Attachment(peer, client)));
                        return made.get();
                      })
                  .doOnError(error -> client.close())
                  // given up half way (the session closed): the connection is nobody's
                  .doOnCancel(
                      () -> {
                        if (made.get() == null) {
                          client.close();
                        }
                      });
            });
  }

  /** Makes a joined connection the session's and starts serving it. */
  private Attachment adopt(Attachment attachment) {
    PeerChoice peer = attachment.peer();
    events.accept(
        "joined "
            + peer.address()
            + " ("
            + peer.status()
            + ", "
            + String.format("%.2f", peer.rttMillis())
            + " ms)");
    latest.set(attachment);
    if (closed) {
      // closed while this Join was under way; close() may have looked at latest before the set
      if (attachment.retire()) {
        attachment.leave(settings.requestTimeout());
      }
      return attachment;
    }
    serve(attachment);
    return attachment;
  }

  /**
   * A Join; when the peer answers 404 with a CHAP challenge (docs/protocol.md 2.3), a second Join
   * with the response computed from the configured credentials. Fails with the peer's refusal.
   */
  private Mono<Message> authenticatedJoin(HostPeerClient client, InetSocketAddress address) {
    ClientInfo self = ClientInfo.of(InetAddress.getLoopbackAddress());
    return client
        .request(Message.clientRequest(MessageType.JOIN, self))
        .flatMap(
            answer -> {
              Security demand = answer.first(Security.class);
              if (answer.response().code() == ResponseCode.AUTHENTICATION_REQUESTED.code()
                  && demand != null
                  && demand.challenge() != null) {
                if (settings.chap() == null) {
                  return Mono.error(
                      new IllegalStateException(
                          address + " asks for CHAP credentials: " + answer.response()));
                }
                return client.request(
                    Message.clientRequest(
                        MessageType.JOIN, self, settings.chap().answer(demand.challenge())));
              }
              return Mono.just(answer);
            })
        .flatMap(
            answer ->
                answer.response().code() == 200
                    ? Mono.just(answer)
                    : Mono.error(
                        new JoinRefused(
                            address + " refused the Join: " + answer.response(),
                            otherHostPeers(answer))));
  }

  /** Keep-alives, Notify handling and watching the connection, owned by the attachment. */
  private void serve(Attachment attachment) {
    HostPeerClient client = attachment.client();
    attachment.own(
        KeepAliveLoop.start(
            settings.keepAlive(),
            () -> keepAlive(client),
            error -> keepAliveFailed(attachment, error)));
    attachment.own(
        client
            .peerRequests()
            // HostPeerClient has answered it already; here the session only acts on it
            .filter(message -> message.type() == MessageType.NOTIFY)
            .subscribe(notify -> onNotify(attachment, notify), error -> {}));
    attachment.own(
        client
            .onClose()
            .subscribe(
                null,
                error -> move(attachment, "connection failed: " + error.getMessage()),
                () -> move(attachment, "connection closed")));
  }

  private static Mono<Message> keepAlive(HostPeerClient client) {
    return client
        .request(Message.clientRequest(MessageType.KEEPALIVE))
        .flatMap(
            answer ->
                answer.response() != null && answer.response().code() == 200
                    ? Mono.just(answer)
                    : Mono.error(
                        new IllegalStateException("Keep-alive answered " + answer.response())));
  }

  private void keepAliveFailed(Attachment attachment, Throwable error) {
    long failures = keepAliveFailures.incrementAndGet();
    log.warn(
        "Keep-alive to {} failed ({} in this session so far): {}",
        attachment.peer().address(),
        failures,
        error.toString());
  }

  private void onNotify(Attachment attachment, Message notify) {
    StatusAttribute status = notify.first(StatusAttribute.class);
    EventInfo event = notify.first(EventInfo.class);
    if (event != null && event.eventType() == EventInfo.ABOUT_TO_LEAVE) {
      move(attachment, "Notify about to leave");
    } else if (status != null && status.status() != StatusAttribute.PeerStatus.GOOD) {
      move(attachment, "Notify " + status.status());
    }
  }

  /**
   * Leaves {@code from} for the next best peer. Only the first event on an attachment gets here
   * past {@link Attachment#retire()}; whatever comes after it (the closing of the connection just
   * left) finds the attachment retired and its subscriptions gone.
   */
  private void move(Attachment from, String why) {
    if (closed || !from.retire()) {
      return;
    }
    events.accept("leaving " + from.peer().address() + ": " + why);
    from.leave(settings.requestTimeout());
    Mono<Attachment> next = reattach(from.peer().address());
    current.set(next);
    // searched for now, whether or not a request is waiting for it
    next.subscribe(null, error -> {});
  }

  /**
   * The next attachment: the best peer that accepts, tried again with backoff until one does or the
   * session closes. Cached so that every waiting request shares the one search; an error is only
   * ever the session closing, never a moment without peers.
   */
  private Mono<Attachment> reattach(InetSocketAddress avoid) {
    return attachToBest(avoid)
        .retryWhen(
            settings
                .reconnect()
                .retry()
                .doBeforeRetry(
                    signal ->
                        events.accept(
                            "no peer to move to ("
                                + signal.failure().getMessage()
                                + "); trying again")))
        .takeUntilOther(closing.asMono())
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the overlay session is closed")))
        .cache();
  }

  /**
   * Sends {@code request} on the current peer; if its connection is lost first, sends it again on
   * the peer the session moves to (up to three times).
   */
  public Mono<Message> request(Message request) {
    return attached()
        .flatMap(
            attachment ->
                attachment.isRetired()
                    // being left (a move is under way): try again on the next one
                    ? Mono.<Message>error(new HostPeerClient.ConnectionClosedException())
                    : attachment.client().request(request))
        .retryWhen(
            Retry.backoff(3, Duration.ofMillis(100))
                .filter(
                    error ->
                        error instanceof HostPeerClient.ConnectionClosedException
                            || error instanceof IOException));
  }

  /** Leaves the peer (Leave, then the connection closed) and stops looking for another. */
  @Override
  public void close() {
    closed = true;
    closing.tryEmitValue(true);
    Attachment attachment = latest.get();
    if (attachment != null && attachment.retire()) {
      attachment.leave(settings.requestTimeout());
    }
  }
}
