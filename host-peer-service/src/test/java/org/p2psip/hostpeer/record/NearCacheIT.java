package org.p2psip.hostpeer.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;

/**
 * Two host peers' caches over one real Redis: a peer sees its own writes at once, another peer's
 * writes within the cache's ttl, and never an expired object.
 */
class NearCacheIT extends RedisStoreFixture {

  static final Duration TTL = Duration.ofMillis(400);

  @Test
  void ownWritesAreSeenAtOnceOthersWithinTheTtl() throws Exception {
    RedisRecordStore redisStore = new RedisRecordStore(redis, LIMITS);
    NearCache peer1 = new NearCache(redisStore, TTL, 1000);
    NearCache peer2 = new NearCache(redisStore, TTL, 1000);
    Id128 resource = Id128.random();
    Id128 alice = Id128.random();

    assertThat(peer1.get(resource).collectList().block()).isEmpty();
    peer1.put(object(resource, alice, "v1"), Duration.ofMinutes(1)).block();
    assertThat(peer1.get(resource).map(o -> o.object().content().hex()).collectList().block())
        .as("own write, visible at once")
        .hasSize(1);

    peer2.put(object(resource, alice, "v2"), Duration.ofMinutes(1)).block();
    assertThat(peer1.get(resource).collectList().block())
        .as("another peer's write may be unseen for up to the ttl")
        .hasSize(1);
    Thread.sleep(TTL.toMillis() + 100);
    assertThat(peer1.get(resource).collectList().block()).as("and is seen after it").hasSize(2);
  }

  @Test
  void cachedObjectsPastTheirLifetimeAreNeverReturned() throws Exception {
    NearCache cache =
        new NearCache(new RedisRecordStore(redis, LIMITS), Duration.ofMinutes(5), 1000);
    Id128 resource = Id128.random();
    cache.put(object(resource, Id128.random(), "brief"), Duration.ofMillis(300)).block();
    assertThat(cache.get(resource).collectList().block()).hasSize(1);
    Thread.sleep(400);
    assertThat(cache.get(resource).collectList().block()).isEmpty();
  }

  @Test
  void zeroTtlTurnsTheCacheOff() {
    RedisRecordStore redisStore = new RedisRecordStore(redis, LIMITS);
    NearCache off = new NearCache(redisStore, Duration.ZERO, 1000);
    Id128 resource = Id128.random();
    off.get(resource).collectList().block();
    redisStore.put(object(resource, Id128.random(), "direct"), Duration.ofMinutes(1)).block();
    assertThat(off.get(resource).collectList().block()).hasSize(1);
    assertThat(off.size()).isZero();
  }
}
