package org.p2psip.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A round repeated every period for as long as the service runs, whatever a round does: a round
 * that fails (an error signal, or an exception thrown while building it) is counted in {@code
 * p2psip.loop.failures{loop}} and the next tick runs the next round; a tick that comes while a
 * round is still running is dropped rather than queued (or failing the loop, as {@code
 * Flux.interval} does when its ticks are not consumed). The first failure after a success is logged
 * as a warning, the following ones at debug, so an outage does not flood the log.
 */
public final class ResilientLoop {

  private static final Logger log = LoggerFactory.getLogger(ResilientLoop.class);

  private ResilientLoop() {}

  public static Disposable start(
      String name,
      Duration initialDelay,
      Duration period,
      Supplier<Mono<Void>> round,
      MeterRegistry meters) {
    Counter failures = meters.counter("p2psip.loop.failures", "loop", name);
    AtomicBoolean failing = new AtomicBoolean();
    return Flux.interval(initialDelay, period)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                Mono.defer(round)
                    .doOnSuccess(
                        done -> {
                          if (failing.getAndSet(false)) {
                            log.info("{} rounds succeed again", name);
                          }
                        })
                    .onErrorResume(
                        error -> {
                          failures.increment();
                          if (failing.getAndSet(true)) {
                            log.debug("{} round failed again: {}", name, error.toString());
                          } else {
                            log.warn(
                                "{} round failed: {}; retried every {}",
                                name,
                                error.toString(),
                                period);
                          }
                          return Mono.empty();
                        }),
            1)
        // nothing above should fail; if the operators themselves do, start over rather than stop
        .doOnError(error -> log.error("{} loop failed; restarting it", name, error))
        .retry()
        .subscribe();
  }
}
