package org.p2psip.client.peer;

import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A client's attachment to the overlay (ARCHITECTURE.md flow 2): Inquire every bootstrap peer, rank
 * them (GOOD before BUSY, then by Inquire RTT; interrupted or silent ones left out), Join the best,
 * send Keep-alives, and move to the next best when the peer says it is busy or interrupted
 * (Notify), is about to leave, or the connection dies. Requests in flight when a connection is lost
 * are sent again on the next peer, so callers see an answer, not the failure.
 */
public final class OverlaySession implements AutoCloseable {

  /** A bootstrap peer as an Inquire found it. */
  public record PeerChoice(
      InetSocketAddress address, StatusAttribute.PeerStatus status, double rttMillis) {}

  /**
   * @param ssl TLS to the peers (with the client certificate as key material), or null for plain
   *     TCP
   * @param keepAlive how often a joined session sends Keep-alive
   * @param requestTimeout how long one request waits for its answer
   * @param chap credentials for a peer that answers a Join with a CHAP challenge, or null
   */
  public record Settings(
      SslContext ssl, Duration keepAlive, Duration requestTimeout, ChapCredentials chap) {

    public Settings(SslContext ssl, Duration keepAlive, Duration requestTimeout) {
      this(ssl, keepAlive, requestTimeout, null);
    }
  }

  private final List<InetSocketAddress> bootstrap;
  private final Settings settings;
  private final Consumer<String> events;
  private final AtomicReference<Mono<Attached>> current = new AtomicReference<>();
  private volatile boolean closed;

  /** One joined connection and what keeps it alive. */
  private record Attached(PeerChoice peer, HostPeerClient client, Disposable upkeep) {}

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

  /** Opens a session on the best peer; {@code events} hears what the session does. */
  public static Mono<OverlaySession> open(
      List<InetSocketAddress> bootstrap, Settings settings, Consumer<String> events) {
    OverlaySession session = new OverlaySession(bootstrap, settings, events);
    return session.attached().thenReturn(session);
  }

  /** The peer this session is joined to now. */
  public Mono<PeerChoice> peer() {
    return attached().map(Attached::peer);
  }

  private Mono<Attached> attached() {
    Mono<Attached> existing = current.get();
    if (existing != null) {
      return existing;
    }
    Mono<Attached> fresh = attachToBest(null).cache();
    return current.compareAndSet(null, fresh) ? fresh : current.get();
  }

  /** Ranks the peers and joins the best one that accepts, skipping {@code avoid}. */
  private Mono<Attached> attachToBest(InetSocketAddress avoid) {
    AtomicReference<Throwable> lastRefusal = new AtomicReference<>();
    return rank(bootstrap, settings)
        .flatMapMany(
            ranked -> {
              List<PeerChoice> order = spreadAmongEquals(ranked);
              if (avoid != null && order.size() > 1) {
                order.sort(Comparator.comparing(p -> p.address().equals(avoid)));
              }
              return Flux.fromIterable(order);
            })
        .concatMap(
            peer ->
                join(peer)
                    .onErrorResume(
                        error -> {
                          lastRefusal.set(error);
                          return Mono.empty();
                        }),
            1)
        .next()
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
    java.util.Collections.shuffle(order.subList(0, equals));
    return order;
  }

  private Mono<Attached> join(PeerChoice peer) {
    return HostPeerClient.connect(
            peer.address().getHostString(),
            peer.address().getPort(),
            settings.ssl(),
            settings.requestTimeout())
        .flatMap(
            client ->
                authenticatedJoin(client, peer.address())
                    .doOnError(error -> client.close())
                    .map(
                        answer -> {
                          events.accept(
                              "joined "
                                  + peer.address()
                                  + " ("
                                  + peer.status()
                                  + ", "
                                  + String.format("%.2f", peer.rttMillis())
                                  + " ms)");
                          return new Attached(peer, client, upkeep(peer, client));
                        }));
  }

  /**
   * A Join; when the peer answers 404 with a CHAP challenge (PROTOCOL.md 2.3), a second Join with
   * the response computed from the configured credentials. Fails with the peer's refusal.
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
                        new IllegalStateException(
                            address + " refused the Join: " + answer.response())));
  }

  /** Keep-alives, Notify handling and watching the connection, for one joined peer. */
  private Disposable upkeep(PeerChoice peer, HostPeerClient client) {
    Disposable keepAlive =
        Flux.interval(settings.keepAlive(), settings.keepAlive())
            .concatMap(
                tick ->
                    client
                        .request(Message.clientRequest(MessageType.KEEPALIVE))
                        .onErrorResume(error -> Mono.empty()),
                1)
            .subscribe();
    Disposable notifications =
        client
            .peerRequests()
            .filter(message -> message.type() == MessageType.NOTIFY)
            .subscribe(
                notify -> {
                  if (!notify.header().suppressResponse()) {
                    client.send(Responses.to(notify, ResponseCode.OK)).subscribe(null, e -> {});
                  }
                  StatusAttribute status = notify.first(StatusAttribute.class);
                  EventInfo event = notify.first(EventInfo.class);
                  boolean leaving = event != null && event.eventType() == EventInfo.ABOUT_TO_LEAVE;
                  if (leaving
                      || status != null && status.status() != StatusAttribute.PeerStatus.GOOD) {
                    move(peer, client, "Notify " + (leaving ? "about to leave" : status.status()));
                  }
                });
    Disposable watch =
        client.onClose().subscribe(null, e -> {}, () -> move(peer, client, "connection closed"));
    return reactor.core.Disposables.composite(keepAlive, notifications, watch);
  }

  /** Leaves {@code from} for the next best peer; requests in flight are retried there. */
  private void move(PeerChoice from, HostPeerClient client, String why) {
    if (closed) {
      return;
    }
    Mono<Attached> before = current.get();
    Mono<Attached> next = attachToBest(from.address()).cache();
    if (before != null && current.compareAndSet(before, next)) {
      events.accept("leaving " + from.address() + ": " + why);
      next.subscribe(
          attached -> {
            if (!attached.client().equals(client)) {
              client
                  .send(Message.clientRequest(MessageType.LEAVE))
                  .onErrorResume(e -> Mono.empty())
                  .subscribe();
              client.close();
            }
          },
          error -> events.accept("no peer to move to: " + error.getMessage()));
    }
  }

  /**
   * Sends {@code request} on the current peer; if its connection is lost first, sends it again on
   * the peer the session moves to (up to three times).
   */
  public Mono<Message> request(Message request) {
    return Mono.defer(() -> attached().flatMap(a -> a.client().request(request)))
        .retryWhen(
            Retry.backoff(3, Duration.ofMillis(100))
                .filter(
                    error ->
                        error instanceof HostPeerClient.ConnectionClosedException
                            || error instanceof java.io.IOException));
  }

  @Override
  public void close() {
    closed = true;
    Mono<Attached> attached = current.getAndSet(null);
    if (attached != null) {
      attached.subscribe(
          a -> {
            a.upkeep().dispose();
            a.client()
                .send(Message.clientRequest(MessageType.LEAVE))
                .onErrorResume(e -> Mono.empty())
                .subscribe();
            a.client().close();
          },
          e -> {});
    }
  }
}
