package org.p2psip.client.probe;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source address: {@code rate} probes a second, {@code burst} at once. Buckets
 * of sources quiet for a while are forgotten, so a spoofed flood of addresses cannot grow the map
 * without bound.
 */
public final class SourceRateLimiter {

  private static final int MAX_SOURCES = 100_000;

  private final double ratePerNano;
  private final double burst;
  private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  public SourceRateLimiter(int perSecond, int burst) {
    this.ratePerNano = perSecond / 1e9;
    this.burst = burst;
  }

  /** Takes one token for {@code source}; false when it has none left. */
  public boolean allow(InetAddress source, long now) {
    if (buckets.size() > MAX_SOURCES) {
      buckets.values().removeIf(bucket -> now - bucket.updated > 10_000_000_000L);
    }
    Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
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
}
