package org.p2psip.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Redis cannot be reached (or is known to be down): the request is answered 503 with {@code
 * Retry-After} rather than waited on or failed with 500.
 */
public final class StoreUnavailableException extends RuntimeException {

  private final Duration retryAfter;

  public StoreUnavailableException(Duration retryAfter, @Nullable Throwable cause) {
    super("the service's store (Redis) cannot be reached; try again later", cause, false, false);
    this.retryAfter = retryAfter;
  }

  /** When a client should try again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
