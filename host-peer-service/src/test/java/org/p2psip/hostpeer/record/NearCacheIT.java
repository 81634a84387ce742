package org.p2psip.hostpeer.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;

/**
 * Two host peers' caches over one real Redis: a peer sees its own writes at once, another peer's
 * writes within the cache's ttl, and never an expired object. The caches' clocks run on real time
 * plus an offset the test moves forward, so no test waits for the ttl or a lifetime to pass.
 */
class NearCacheIT extends RedisStoreFixture {

  static final Duration TTL = Duration.ofMinutes(1);

  /** How far the caches' monotonic clock is ahead of real time (ns). */
  final AtomicLong tickerAhead = new AtomicLong();

  /** How far the caches' wall clock is ahead of real time (ms). */
  final AtomicLong clockAhead = new AtomicLong();

  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plusMillis(clockAhead.get());
        }
      };

  NearCache cache(RecordStore store, Duration ttl) {
    return new NearCache(store, ttl, 1000, () -> System.nanoTime() + tickerAhead.get(), clock);
  }

  @Test
  void ownWritesAreSeenAtOnceOthersWithinTheTtl() {
    RedisRecordStore redisStore = new RedisRecordStore(redis, LIMITS);
    NearCache peer1 = cache(redisStore, TTL);
    NearCache peer2 = cache(redisStore, TTL);
    Id128 resource = Id128.random();
    Id128 alice = Id128.random();

    assertThat(peer1.get(resource).collectList().block()).isEmpty();
    peer1.put(object(resource, alice, "v1"), Duration.ofMinutes(5)).block();
    assertThat(peer1.get(resource).map(o -> o.object().content().hex()).collectList().block())
        .as("own write, visible at once")
        .hasSize(1);

    peer2.put(object(resource, alice, "v2"), Duration.ofMinutes(5)).block();
    assertThat(peer1.get(resource).collectList().block())
        .as("another peer's write may be unseen for up to the ttl")
        .hasSize(1);
    tickerAhead.addAndGet(TTL.toNanos());
    assertThat(peer1.get(resource).collectList().block()).as("and is seen after it").hasSize(2);
  }

  @Test
  void cachedObjectsPastTheirLifetimeAreNeverReturned() {
    RedisRecordStore redisStore = new RedisRecordStore(redis, LIMITS);
    NearCache cache = cache(redisStore, Duration.ofMinutes(5));
    Id128 resource = Id128.random();
    cache.put(object(resource, Id128.random(), "brief"), Duration.ofMinutes(1)).block();
    assertThat(cache.get(resource).collectList().block()).hasSize(1);

    clockAhead.addAndGet(Duration.ofMinutes(2).toMillis());
    assertThat(cache.get(resource).collectList().block())
        .as("past its lifetime by the cache's clock, though still within the cache's ttl")
        .isEmpty();
    assertThat(redisStore.get(resource).collectList().block())
        .as("the answer came from the cache: Redis, on real time, still has it")
        .hasSize(1);
  }

  @Test
  void zeroTtlTurnsTheCacheOff() {
    RedisRecordStore redisStore = new RedisRecordStore(redis, LIMITS);
    NearCache off = cache(redisStore, Duration.ZERO);
    Id128 resource = Id128.random();
    off.get(resource).collectList().block();
    redisStore.put(object(resource, Id128.random(), "direct"), Duration.ofMinutes(1)).block();
    assertThat(off.get(resource).collectList().block()).hasSize(1);
    assertThat(off.size()).isZero();
  }
}
