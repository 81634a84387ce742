package org.p2psip.hostpeer.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;
import reactor.core.publisher.Flux;

/** The record store against a real Redis: semantics, limits, expiry and atomicity. */
class RedisRecordStoreIT extends RedisStoreFixture {

  RecordStore store = new RedisRecordStore(redis, LIMITS);

  @Test
  void storesSeveralObjectsUnderOneResourceAndReplacesTheSameOne() {
    Id128 resource = Id128.random();
    Id128 alice = Id128.random();
    Id128 bob = Id128.random();
    assertThat(store.put(object(resource, alice, "sip:alice@a"), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.STORED);
    assertThat(store.put(object(resource, alice, "sip:alice@a"), Duration.ofMinutes(2)).block())
        .isEqualTo(PutOutcome.STORED);
    assertThat(store.put(object(resource, bob, "sip:bob@b"), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.STORED);

    List<LiveObject> live = store.get(resource).collectList().block();
    assertThat(live)
        .extracting(LiveObject::object)
        .containsExactlyInAnyOrder(
            object(resource, alice, "sip:alice@a"), object(resource, bob, "sip:bob@b"));
    LiveObject aliceObject =
        live.stream().filter(o -> o.object().owner().equals(alice)).findFirst().orElseThrow();
    assertThat(aliceObject.remainingSeconds()).isBetween(110L, 120L);
    assertThat(redis.getExpire(RedisKeys.records(resource)).block()).isPositive();
  }

  @Test
  void unknownResourceHasNoObjects() {
    assertThat(store.get(Id128.random()).collectList().block()).isEmpty();
  }

  @Test
  void expiredObjectsAreNeverReturnedAndRefreshKeepsThemAlive() {
    Id128 resource = Id128.random();
    Id128 owner = Id128.random();
    StoredObject shortLived = object(resource, owner, "short");
    StoredObject refreshed = object(resource, owner, "refreshed");
    store.put(shortLived, Duration.ofMillis(300)).block();
    store.put(refreshed, Duration.ofMillis(300)).block();
    assertThat(
            store.refresh(resource, owner, refreshed.contentHash(), Duration.ofMinutes(1)).block())
        .isTrue();
    // the lifetime runs out on Redis's clock: wait, bounded, until the short-lived one is gone
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(store.get(resource).map(LiveObject::object).collectList().block())
                    .containsExactly(refreshed));
    assertThat(
            store.refresh(resource, owner, shortLived.contentHash(), Duration.ofMinutes(1)).block())
        .as("an expired object cannot be refreshed back to life")
        .isFalse();
  }

  @Test
  void removeDeletesOnlyTheNamedObjectOnce() {
    Id128 resource = Id128.random();
    Id128 owner = Id128.random();
    StoredObject a = object(resource, owner, "a");
    StoredObject b = object(resource, owner, "b");
    store.put(a, Duration.ofMinutes(1)).block();
    store.put(b, Duration.ofMinutes(1)).block();
    assertThat(store.remove(resource, owner, a.contentHash()).block()).isTrue();
    assertThat(store.remove(resource, owner, a.contentHash()).block()).isFalse();
    assertThat(store.get(resource).map(LiveObject::object).collectList().block())
        .containsExactly(b);
  }

  @Test
  void fullResourceRefusesNewObjectsAndGivesTheQuotaBack() {
    Id128 resource = Id128.random();
    for (int i = 0; i < LIMITS.maxObjectsPerResource(); i++) {
      store.put(object(resource, Id128.random(), "o" + i), Duration.ofMinutes(1)).block();
    }
    Id128 late = Id128.random();
    assertThat(store.put(object(resource, late, "late"), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.RESOURCE_FULL);
    assertThat(redis.opsForHash().size(RedisKeys.owner(late)).block()).isZero();
  }

  @Test
  void ownerLimitsOnCountAndBytes() {
    Id128 owner = Id128.random();
    for (int i = 0; i < LIMITS.maxObjectsPerClient(); i++) {
      assertThat(store.put(object(Id128.random(), owner, "x" + i), Duration.ofMinutes(1)).block())
          .isEqualTo(PutOutcome.STORED);
    }
    assertThat(store.put(object(Id128.random(), owner, "one more"), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.OWNER_OBJECTS_EXCEEDED);

    Id128 big = Id128.random();
    assertThat(
            store.put(object(Id128.random(), big, "y".repeat(3000)), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.STORED);
    assertThat(
            store.put(object(Id128.random(), big, "z".repeat(1500)), Duration.ofMinutes(1)).block())
        .isEqualTo(PutOutcome.OWNER_BYTES_EXCEEDED);
  }

  @Test
  void concurrentWritersNeverOverfillAResource() {
    Id128 resource = Id128.random();
    List<PutOutcome> outcomes =
        Flux.fromStream(IntStream.range(0, 60).boxed())
            .flatMap(
                i -> store.put(object(resource, Id128.random(), "c" + i), Duration.ofMinutes(1)),
                60)
            .collectList()
            .block();
    assertThat(outcomes)
        .filteredOn(o -> o == PutOutcome.STORED)
        .hasSize(LIMITS.maxObjectsPerResource());
    assertThat(store.get(resource).count().block()).isEqualTo(LIMITS.maxObjectsPerResource());
  }
}
