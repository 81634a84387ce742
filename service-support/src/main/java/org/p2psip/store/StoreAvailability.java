package org.p2psip.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether Redis is known to be down, so that requests are answered 503 at once instead of each
 * waiting for its own command to fail: the flag is raised by any store call failing for want of
 * Redis ({@link StoreFailures#isOutage}) and by a PING every probe interval, and lowered by the
 * first PING answered. Lettuce reconnects by itself meanwhile.
 */
public final class StoreAvailability implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StoreAvailability.class);

  /** A PING slower than this counts as an outage, whatever the command timeout says. */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

  private final ReactiveStringRedisTemplate redis;
  private final Duration probeInterval;
  private final Duration retryAfter;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile @Nullable Disposable probing;

  public StoreAvailability(
      ReactiveStringRedisTemplate redis,
      Duration probeInterval,
      Duration retryAfter,
      MeterRegistry meters) {
    this.redis = redis;
    this.probeInterval = probeInterval;
    this.retryAfter = retryAfter;
    meters.gauge("p2psip.store.available", down, flag -> flag.get() ? 0 : 1);
  }

  /**
   * {@code call}, unless Redis is known down: then a {@link StoreUnavailableException} at once. An
   * outage failure of {@code call} raises the flag and becomes that exception too.
   */
  public <T> Mono<T> guard(Mono<T> call) {
    return Mono.defer(
        () ->
            down.get()
                ? Mono.error(new StoreUnavailableException(retryAfter, null))
                : call.onErrorMap(this::outage, this::unavailable));
  }

  /** As {@link #guard(Mono)}, for a call answering several values. */
  public <T> Flux<T> guard(Flux<T> call) {
    return Flux.defer(
        () ->
            down.get()
                ? Flux.error(new StoreUnavailableException(retryAfter, null))
                : call.onErrorMap(this::outage, this::unavailable));
  }

  /** True while Redis is known to be down. */
  public boolean isDown() {
    return down.get();
  }

  private boolean outage(Throwable error) {
    return !(error instanceof StoreUnavailableException) && StoreFailures.isOutage(error);
  }

  private Throwable unavailable(Throwable error) {
    markDown(error);
    return new StoreUnavailableException(retryAfter, error);
  }

  private void markDown(Throwable error) {
    if (down.compareAndSet(false, true)) {
      log.warn("Redis cannot be reached ({}): answering 503 until it returns", error.toString());
    }
  }

  private void markUp() {
    if (down.compareAndSet(true, false)) {
      log.info("Redis answers again");
    }
  }

  Mono<Void> probe() {
    return redis
        .execute(connection -> connection.ping())
        .next()
        .timeout(PING_TIMEOUT)
        .doOnNext(pong -> markUp())
        .then()
        .onErrorResume(
            error -> {
              if (StoreFailures.isOutage(error)) {
                markDown(error);
              } else {
                log.warn("PING to Redis failed unexpectedly: {}", error.toString());
              }
              return Mono.empty();
            });
  }

  @Override
  public void start() {
    probing =
        Flux.interval(probeInterval, probeInterval)
            .onBackpressureDrop()
            .concatMap(tick -> Mono.defer(this::probe), 1)
            .retry()
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable running = probing;
    probing = null;
    if (running != null) {
      running.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return probing != null;
  }
}
