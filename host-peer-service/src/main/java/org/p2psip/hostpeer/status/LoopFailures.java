package org.p2psip.hostpeer.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one of the peer's long-lived loops (the session reaper, the status monitor, the Notify
 * fan-out) does with a failure in one of its rounds: log it and count it in {@code
 * p2psip.loop.failures} (tag {@code loop}), then carry on. A loop that let the exception through
 * would end for good without a trace: no more reaping, no more status checks, no more Notify.
 */
public final class LoopFailures {

  private static final Logger log = LoggerFactory.getLogger(LoopFailures.class);

  private final String loop;
  private final Counter failures;

  public LoopFailures(MeterRegistry registry, String loop) {
    this.loop = loop;
    this.failures =
        Counter.builder("p2psip.loop.failures")
            .description("rounds of a long-lived loop that failed; the loop went on")
            .tag("loop", loop)
            .register(registry);
  }

  /** {@code what}: the round or the target that failed, for the log. */
  public void record(Object what, Throwable failure) {
    failures.increment();
    log.error("{} loop: {} failed; the loop goes on", loop, what, failure);
  }
}
