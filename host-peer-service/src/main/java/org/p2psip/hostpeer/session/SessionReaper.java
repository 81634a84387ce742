package org.p2psip.hostpeer.session;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.p2psip.hostpeer.status.LoopFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops clients that never join (slow or idle connections holding a socket) and joined clients
 * silent for longer than the keep-alive expiry. One sweep looks at every session, which is cheaper
 * than a timer per connection at tens of thousands of connections. A session that cannot be closed
 * is counted in {@link LoopFailures} and skipped: the sweep, and every later one, goes on.
 */
public final class SessionReaper {

  private static final Logger log = LoggerFactory.getLogger(SessionReaper.class);

  private final SessionRegistry registry;
  private final long joinTimeoutNanos;
  private final long keepAliveExpiryNanos;
  private final LongSupplier clock;
  private final LoopFailures failures;

  public SessionReaper(
      SessionRegistry registry,
      Duration joinTimeout,
      Duration keepAliveExpiry,
      LongSupplier clock,
      LoopFailures failures) {
    this.registry = registry;
    this.joinTimeoutNanos = joinTimeout.toNanos();
    this.keepAliveExpiryNanos = keepAliveExpiry.toNanos();
    this.clock = clock;
    this.failures = failures;
  }

  /** Closes every overdue session; returns how many. One that fails to close stops no other. */
  public int sweep() {
    long now = clock.getAsLong();
    int closed = 0;
    for (Session session : registry.all()) {
      if (session.joined()) {
        if (now - session.lastSeen() > keepAliveExpiryNanos) {
          log.info("{} dropped: silent for longer than the keep-alive expiry", session);
          closed += close(session);
        }
      } else if (session.state() != SessionState.LEFT
          && now - session.connectedAt() > joinTimeoutNanos) {
        log.info("{} dropped: did not join within {} s", session, joinTimeoutNanos / 1_000_000_000);
        closed += close(session);
      }
    }
    return closed;
  }

  /**
   * The session is marked left before its connection is disposed, so one that fails to close is not
   * tried again at every sweep.
   */
  private int close(Session session) {
    try {
      session.close();
      return 1;
    } catch (RuntimeException e) {
      failures.record("closing " + session, e);
      return 0;
    }
  }
}
