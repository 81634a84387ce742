package org.p2psip.enrollment.ca;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Makes a revocation known everywhere at once instead of at the next CRL refresh. The replica that
 * revokes publishes the serial on the Redis channel {@value #CHANNEL}; every replica listens, drops
 * its cached CRL ({@link SignedCrls}) and passes the serial on to whoever follows {@code GET
 * /v1/revocations} (the registry, the host peers), who apply it at once and fetch the new CRL.
 *
 * <p>The listener survives Redis outages: it resubscribes with backoff, and since announcements
 * made meanwhile are lost, every (re)subscription drops the cached CRL and tells the followers to
 * fetch the CRL again ({@link Event#resync}). The periodic CRL refresh of the followers stays the
 * fallback.
 */
public final class RevocationAnnouncements implements SmartLifecycle {

  public static final String CHANNEL = "enroll:revocations";
  private static final Logger log = LoggerFactory.getLogger(RevocationAnnouncements.class);

  /** A revoked serial, or (serial null) "fetch the CRL again, announcements may have been lost". */
  public record Event(@Nullable BigInteger serial) {
    static final Event RESYNC = new Event(null);

    public boolean resync() {
      return serial == null;
    }
  }

  private final ReactiveStringRedisTemplate redis;
  private final List<SignedCrls> crls;
  private final Sinks.Many<Event> events = Sinks.many().multicast().directBestEffort();
  private volatile @Nullable Disposable listening;

  public RevocationAnnouncements(ReactiveStringRedisTemplate redis, SignedCrls crls) {
    this(redis, List.of(crls));
  }

  /** With several CRLs (the overlay CA's, the peer CA's): a revocation drops every one cached. */
  public RevocationAnnouncements(ReactiveStringRedisTemplate redis, List<SignedCrls> crls) {
    this.redis = redis;
    this.crls = List.copyOf(crls);
  }

  private void invalidateCrls() {
    crls.forEach(SignedCrls::invalidate);
  }

  /** Tells every replica; completes when Redis took the message. */
  public Mono<Void> announce(BigInteger serial) {
    invalidateCrls();
    return redis.convertAndSend(CHANNEL, serial.toString(16)).then();
  }

  /** Announcements as they arrive at this replica (hot: only those after subscription). */
  public Flux<Event> events() {
    return events.asFlux();
  }

  @Override
  public void start() {
    listening =
        Flux.defer(
                () ->
                    redis
                        .listenToChannelLater(CHANNEL)
                        .flatMapMany(
                            messages -> {
                              // subscribed (again): whatever was announced meanwhile is lost
                              invalidateCrls();
                              emit(Event.RESYNC);
                              return messages;
                            }))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30))
                    .transientErrors(true)
                    .doBeforeRetry(
                        retry ->
                            log.warn(
                                "revocation channel lost ({}); listening again",
                                retry.failure().toString())))
            .subscribe(
                message -> received(message.getMessage()),
                error -> log.error("revocation channel listener ended", error));
  }

  private void received(String serialHex) {
    BigInteger serial;
    try {
      serial = new BigInteger(serialHex, 16);
    } catch (NumberFormatException e) {
      log.warn("ignored a revocation announcement that is no serial: {}", serialHex.length());
      return;
    }
    invalidateCrls();
    emit(new Event(serial));
  }

  private void emit(Event event) {
    // a slow follower loses events rather than stalling the others; it resyncs on reconnect
    events.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
  }

  @Override
  public void stop() {
    Disposable current = listening;
    if (current != null) {
      current.dispose();
    }
    events.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
  }

  @Override
  public boolean isRunning() {
    return listening != null && !listening.isDisposed();
  }
}
