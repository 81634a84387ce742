package org.p2psip.hostpeer.status;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The peer's own judgement of its condition (docs/protocol.md: Status 0 good, 1 busy, 2 overlay
 * service interrupt). Redis unreachable means interrupt: nothing can be stored or found. Busy means
 * the peer is loaded (too many requests in flight, or Redis slow) or an operator is draining it. A
 * host peer of the overlay that is not a ring member ({@link RingMembership}) is interrupt too.
 * Every change is published so that joined clients get a Notify. A check that fails for any other
 * reason than Redis is counted in {@link LoopFailures} and the checks go on.
 */
public final class PeerStatusMonitor {

  private static final Logger log = LoggerFactory.getLogger(PeerStatusMonitor.class);

  private final Supplier<? extends Mono<?>> ping;
  private final SessionRegistry sessions;
  private final HostPeerProperties.Load load;
  private final Duration pingTimeout;
  private final AtomicReference<PeerStatus> status = new AtomicReference<>(PeerStatus.GOOD);
  private final AtomicReference<PeerStatus> storeStatus = new AtomicReference<>(PeerStatus.GOOD);
  private final Sinks.Many<PeerStatus> changes = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<PeerStatus> storeChanges = Sinks.many().multicast().directBestEffort();
  // multicast, not unicast: a unicast sink takes one subscriber ever, so the loop, started again
  // after a stop, would fail at once. A request made while a check runs is dropped below: the
  // check under way, or the next tick, sees what the request would have.
  private final Sinks.Many<Boolean> checkRequests = Sinks.many().multicast().directBestEffort();
  private final LoopFailures failures;
  private final Scheduler scheduler;
  private final LongSupplier nanoTime;
  private final RingMembership ring;

  /** Load must look high this many checks running before the peer calls itself busy. */
  static final int BUSY_AFTER_CHECKS = 3;

  private volatile boolean draining;
  private int loadedChecks;
  private volatile Duration lastRedisLatency = Duration.ZERO;
  private @Nullable Disposable loop;

  /**
   * @param ping asks the store whether it answers (see {@link #redisPing}); an error or no answer
   *     within {@code pingTimeout} means the store is unreachable
   * @param scheduler times the periodic checks and the ping timeout
   * @param nanoTime the monotonic clock the ping latency is measured by
   */
  public PeerStatusMonitor(
      Supplier<? extends Mono<?>> ping,
      SessionRegistry sessions,
      HostPeerProperties.Load load,
      Duration pingTimeout,
      LoopFailures failures,
      Scheduler scheduler,
      LongSupplier nanoTime) {
    this(ping, sessions, load, pingTimeout, failures, scheduler, nanoTime, RingMembership.always());
  }

  /**
   * @param ring whether this peer is a ring member; while it is not, clients see interrupt
   */
  public PeerStatusMonitor(
      Supplier<? extends Mono<?>> ping,
      SessionRegistry sessions,
      HostPeerProperties.Load load,
      Duration pingTimeout,
      LoopFailures failures,
      Scheduler scheduler,
      LongSupplier nanoTime,
      RingMembership ring) {
    this.ring = ring;
    // a ring member-to-be is interrupt from the start, not only after the first check
    status.set(ring.member() ? PeerStatus.GOOD : PeerStatus.OVERLAY_SERVICE_INTERRUPT);
    this.ping = ping;
    this.sessions = sessions;
    this.load = load;
    this.pingTimeout = pingTimeout;
    this.failures = failures;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
  }

  /** A PING on a connection of {@code redis}, closed after the answer. */
  public static Supplier<Mono<String>> redisPing(ReactiveRedisConnectionFactory redis) {
    return () ->
        Mono.usingWhen(
            Mono.fromSupplier(redis::getReactiveConnection),
            ReactiveRedisConnection::ping,
            ReactiveRedisConnection::closeLater);
  }

  /**
   * Checks periodically, and at once after a store failure is reported. Ticks that come while a
   * check runs are dropped, not queued; a failed check is counted and the next tick checks again.
   */
  public void start() {
    loop =
        Flux.merge(Flux.interval(load.checkInterval(), scheduler), checkRequests.asFlux())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    check()
                        .onErrorResume(
                            failure -> {
                              failures.record("a status check", failure);
                              return Mono.empty();
                            }),
                1)
            .subscribe();
  }

  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
  }

  public PeerStatus current() {
    return status.get();
  }

  public Flux<PeerStatus> changes() {
    return changes.asFlux();
  }

  /**
   * This peer's own condition as a store (Redis, load, drain), without the ring membership: what
   * the overlay node tells its neighbours (docs/peer-protocol.md 4.5), so that they route around a
   * peer whose Redis is down.
   */
  public PeerStatus storeStatus() {
    return storeStatus.get();
  }

  public Flux<PeerStatus> storeChanges() {
    return storeChanges.asFlux();
  }

  /** The ring membership changed: look again now. */
  public void recheck() {
    checkRequests.tryEmitNext(Boolean.TRUE);
  }

  public Duration lastRedisLatency() {
    return lastRedisLatency;
  }

  /** A request failed in the store: look again now rather than at the next tick. */
  public void reportStoreFailure() {
    checkRequests.tryEmitNext(Boolean.TRUE);
  }

  /** Operator drain: report busy, so clients move elsewhere and no new client joins. */
  public void drain(boolean drain) {
    draining = drain;
    checkRequests.tryEmitNext(Boolean.TRUE);
  }

  public boolean draining() {
    return draining;
  }

  /**
   * One evaluation. Redis failing is a status (interrupt), not an error; what can still fail is
   * what follows, such as telling subscribers of a change.
   */
  public Mono<PeerStatus> check() {
    long started = nanoTime.getAsLong();
    return Mono.defer(ping)
        .timeout(pingTimeout, scheduler)
        .map(pong -> Duration.ofNanos(nanoTime.getAsLong() - started))
        .map(
            latency -> {
              lastRedisLatency = latency;
              boolean loaded =
                  latency.compareTo(load.busyRedisLatency()) > 0
                      || sessions.totalInFlight().get() > load.busyInFlight();
              // one slow ping (a cold start, a GC pause) is not yet "busy": clients would leave
              // a peer that is fine; a drain takes effect at once
              loadedChecks = loaded ? loadedChecks + 1 : 0;
              return draining || loadedChecks >= BUSY_AFTER_CHECKS
                  ? PeerStatus.BUSY
                  : PeerStatus.GOOD;
            })
        .onErrorResume(
            error -> {
              log.debug("Redis check failed: {}", error.toString());
              return Mono.just(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
            })
        .doOnNext(this::setStore)
        .map(store -> ring.member() ? store : PeerStatus.OVERLAY_SERVICE_INTERRUPT)
        .doOnNext(this::set);
  }

  private void setStore(PeerStatus next) {
    if (storeStatus.getAndSet(next) != next) {
      storeChanges.tryEmitNext(next);
    }
  }

  private void set(PeerStatus next) {
    PeerStatus previous = status.getAndSet(next);
    if (previous != next) {
      log.warn("peer status {} -> {}", previous, next);
      changes.tryEmitNext(next);
    }
  }
}
