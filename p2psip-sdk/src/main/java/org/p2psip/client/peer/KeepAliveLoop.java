package org.p2psip.client.peer;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends a Keep-alive every interval for as long as it is subscribed. A Keep-alive that fails (no
 * answer in time, a refusal, even an exception thrown while sending it) is reported and the loop
 * goes on: the peer drops a client only after several silent intervals, so the next one may still
 * keep the session. A tick that comes while a Keep-alive still waits for its answer is dropped:
 * queueing it would only send Keep-alives back to back later, and a timer that cannot hand a tick
 * on ends with an overflow error, which would end the loop for good.
 */
final class KeepAliveLoop {

  private static final Logger log = LoggerFactory.getLogger(KeepAliveLoop.class);

  private KeepAliveLoop() {}

  /**
   * Starts the loop: {@code send} every {@code interval}, {@code failed} told of each failure.
   * Dispose the result to stop it.
   */
  static Disposable start(
      Duration interval, Supplier<? extends Mono<?>> send, Consumer<Throwable> failed) {
    return Flux.interval(interval, interval)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                // defer: a send that throws instead of returning a failed Mono is a failure too
                Mono.defer(send)
                    .then()
                    .onErrorResume(
                        error -> {
                          failed.accept(error);
                          return Mono.empty();
                        }),
            0)
        .subscribe(
            null,
            // only the timer itself can get here (its scheduler shut down): nothing to retry on
            error -> log.error("Keep-alive loop ended", error));
  }
}
