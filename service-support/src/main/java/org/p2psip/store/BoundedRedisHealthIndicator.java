package org.p2psip.store;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code redis} health component, answered in bounded time: DOWN at once while the service
 * knows its store is down, else Spring Boot's Redis check, DOWN when that takes longer than {@code
 * timeout}. Boot's check has no time limit of its own, and a probe or operator asking {@code
 * /actuator/health} during an outage must get an answer, not a hung request.
 */
public final class BoundedRedisHealthIndicator implements ReactiveHealthIndicator {

  private final ReactiveHealthIndicator check;
  private final BooleanSupplier knownDown;
  private final Duration timeout;

  /**
   * @param knownDown whether the service already knows its store is down ({@link
   *     StoreAvailability#isDown}); always false where there is no such flag
   */
  public BoundedRedisHealthIndicator(
      ReactiveHealthIndicator check, BooleanSupplier knownDown, Duration timeout) {
    this.check = check;
    this.knownDown = knownDown;
    this.timeout = timeout;
  }

  @Override
  public Mono<Health> health() {
    if (knownDown.getAsBoolean()) {
      return Mono.just(Health.down().withDetail("error", "the store is unavailable").build());
    }
    // subscribed off the caller's thread: Boot's check may block while it (re)opens a connection,
    // and a block at subscription would escape the timeout below (a health request hung 30 s in a
    // CI run with Redis stopped)
    return Mono.defer(check::health)
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(timeout)
        .onErrorResume(
            error ->
                Mono.just(
                    Health.down()
                        .withDetail(
                            "error",
                            error instanceof java.util.concurrent.TimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms"
                                : error.toString())
                        .build()));
  }
}
