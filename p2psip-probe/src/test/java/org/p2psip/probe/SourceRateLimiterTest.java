package org.p2psip.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-source token buckets: limits, independence of sources, forgetting that changes nothing,
 * and memory bounded under a flood of distinct addresses. Time is the test's own {@code now} (the
 * limiter forgets on the same clock), never the machine's.
 */
class SourceRateLimiterTest {

  static final long SECOND = 1_000_000_000L;

  final AtomicLong clock = new AtomicLong(1_000 * SECOND);

  static InetAddress address(int i) {
    try {
      return InetAddress.getByAddress(
          new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  boolean allow(SourceRateLimiter limiter, InetAddress source) {
    return limiter.allow(source, clock.get());
  }

  @Test
  void aSourceGetsItsBurstThenItsRate() {
    SourceRateLimiter limiter = new SourceRateLimiter(10, 3, 1_000);
    InetAddress a = address(1);
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).as("burst spent").isFalse();

    clock.addAndGet(SECOND / 10); // one token at 10 a second
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isFalse();

    clock.addAndGet(10 * SECOND); // refills up to the burst, not beyond
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isFalse();
  }

  @Test
  void sourcesHaveBucketsOfTheirOwn() {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 1_000);
    assertThat(allow(limiter, address(1))).isTrue();
    assertThat(allow(limiter, address(1))).isFalse();
    assertThat(allow(limiter, address(2))).isTrue();
    assertThat(allow(limiter, address(2))).isFalse();
  }

  @Test
  void aBucketIsRememberedUntilItWouldBeFullAnyway() {
    // 1 a second, burst 2: an empty bucket is full again after 2 s
    SourceRateLimiter limiter = new SourceRateLimiter(1, 2, 1_000);
    InetAddress a = address(1);
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isFalse();

    clock.addAndGet(SECOND / 2);
    assertThat(allow(limiter, a)).as("half a token: still remembered as empty").isFalse();
    assertThat(limiter.trackedSources()).isEqualTo(1);

    clock.addAndGet(3 * SECOND);
    assertThat(allow(limiter, address(2))).as("another source, at the later time").isTrue();
    assertThat(limiter.trackedSources()).as("the first forgotten: it would be full").isEqualTo(1);
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a)).isTrue();
    assertThat(allow(limiter, a))
        .as("a new bucket holds the burst, as the old one would")
        .isFalse();
  }

  @Test
  void aFloodOfAddressesDoesNotGrowTheLimiterBeyondItsBound() {
    SourceRateLimiter limiter = new SourceRateLimiter(200, 50, 1_000);
    for (int i = 0; i < 100_000; i++) {
      assertThat(allow(limiter, address(i))).isTrue();
    }
    assertThat(limiter.trackedSources()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void theResponderLimiterKeepsAtMostItsMaximumOfSources() {
    SourceRateLimiter limiter = new SourceRateLimiter(200, 50);
    long now = System.nanoTime();
    for (int i = 0; i < 2 * SourceRateLimiter.MAX_SOURCES + 1; i++) {
      limiter.allow(address(i), now);
    }
    assertThat(limiter.trackedSources()).isLessThanOrEqualTo(SourceRateLimiter.MAX_SOURCES);
  }
}
