package org.p2psip.probe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per source address: {@code rate} probes a second, {@code burst} at once.
 *
 * <p>The buckets live in a bounded cache, so that a flood from spoofed addresses costs the same per
 * packet as one source and cannot grow memory without bound. A bucket left alone for as long as an
 * empty one takes to fill up is full again, so it is forgotten then (a new one starts full: nothing
 * changes for its source). Beyond {@link #MAX_SOURCES} the cache evicts the buckets least likely to
 * be used again; a source whose bucket was evicted starts again with a full one, so under such a
 * flood the limiter errs on the side of answering.
 */
public final class SourceRateLimiter {

  /** Buckets kept at most. */
  static final int MAX_SOURCES = 100_000;

  /** How long an idle bucket is kept when it never refills (a rate of zero). */
  private static final Duration NO_REFILL_IDLE = Duration.ofSeconds(10);

  private final double ratePerNano;
  private final double burst;
  private final Cache<InetAddress, Bucket> buckets;

  /**
   * The cache's clock: the {@code now} of the latest {@link #allow}. Forgetting then runs on the
   * same clock as the buckets, and no second clock read per packet is paid (System.nanoTime costs
   * some 50 ns on a virtual machine, as much as the rest of the lookup).
   */
  private final AtomicLong clock = new AtomicLong();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  public SourceRateLimiter(int perSecond, int burst) {
    this(perSecond, burst, MAX_SOURCES);
  }

  SourceRateLimiter(int perSecond, int burst, long maxSources) {
    this.ratePerNano = perSecond / 1e9;
    this.burst = burst;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxSources)
            .expireAfterAccess(refillTime(perSecond, burst))
            .ticker(clock::get)
            // evictions run on the thread that adds (an event loop here), in small amortized
            // steps, rather than on a pool that a flood could outrun: memory stays bounded
            .executor(Runnable::run)
            .build();
  }

  /** How long an empty bucket takes to fill: past that, a remembered bucket equals a new one. */
  private static Duration refillTime(int perSecond, int burst) {
    if (perSecond <= 0) {
      return NO_REFILL_IDLE;
    }
    return Duration.ofNanos((long) Math.ceil(Math.max(burst, 1) * 1e9 / perSecond));
  }

  /**
   * Takes one token for {@code source}; false when it has none left. {@code now} in nanoseconds.
   */
  public boolean allow(InetAddress source, long now) {
    // a plain store is enough: a reader on another thread seeing a slightly older time only
    // forgets a bucket a moment later
    clock.lazySet(now);
    Bucket bucket = buckets.get(source, s -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * ratePerNano);
      bucket.updated = now;
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }

  /** Sources with a bucket as of the latest {@link #allow}, after pending evictions (tests). */
  long trackedSources() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
