package org.p2psip.hostpeer.overlay.store;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.p2psip.overlay.node.ReplicaStore.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands the result of a Reactor pipeline to a {@link Reply}: exactly once, whatever the pipeline
 * does (a value, an error, completing empty), and on the thread that ends it.
 */
final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  static <T> void answer(Mono<T> result, Reply<T> reply) {
    AtomicBoolean answered = new AtomicBoolean();
    result.subscribe(
        value -> {
          if (answered.compareAndSet(false, true)) {
            deliver(() -> reply.ok(value));
          }
        },
        error -> {
          if (answered.compareAndSet(false, true)) {
            deliver(() -> reply.failed(reason(error)));
          }
        },
        () -> {
          // a Mono that completes without a value must not leave the caller waiting
          if (answered.compareAndSet(false, true)) {
            deliver(() -> reply.failed("the store gave no answer"));
          }
        });
  }

  /**
   * A Reply that throws must not turn into an error of the pipeline, which would answer a second
   * time as a failure.
   */
  private static void deliver(Runnable answer) {
    try {
      answer.run();
    } catch (RuntimeException e) {
      LOG.warn("a replica store reply threw", e);
    }
  }

  static String reason(Throwable error) {
    if (error instanceof TimeoutException) {
      return "store timeout: " + error.getMessage();
    }
    String message = error.getMessage();
    return "store failure: "
        + error.getClass().getSimpleName()
        + (message == null ? "" : ": " + message);
  }
}
