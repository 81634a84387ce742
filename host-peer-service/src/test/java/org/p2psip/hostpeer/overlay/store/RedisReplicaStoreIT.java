package org.p2psip.hostpeer.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.HOUR;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.T0;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.id;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.key;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.live;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.tombstone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.Range;
import org.p2psip.testsupport.TestRedis;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

/** The overlay store against a real Redis: version order, atomicity, ranges, expiry. */
class RedisReplicaStoreIT {

  static LettuceConnectionFactory factory;
  static ReactiveRedisTemplate<String, byte[]> redis;

  final AtomicLong now = new AtomicLong(T0);
  final String prefix = StoreFixture.freshPrefix();
  final RedisReplicaStore store =
      new RedisReplicaStore(redis, now::get, Duration.ofSeconds(30), prefix);

  @BeforeAll
  static void connect() {
    factory = StoreFixture.factory(TestRedis.url());
    redis = StoreFixture.template(factory);
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  @Test
  void aNewerVersionReplacesAndOlderOrEqualOnesDoNot() {
    ObjectKey key = key(Id128.random());
    StoredVersion first = live(key, T0, T0 + HOUR, "a");
    assertThat(apply(first)).isEqualTo(1);
    assertThat(apply(live(key, T0 - 1, T0 + 2 * HOUR, "a"))).as("older").isZero();
    assertThat(apply(first)).as("equal: a no-op").isZero();
    assertThat(versions(key.resourceId())).containsExactly(first);

    StoredVersion laterExpiry = live(key, T0, T0 + 2 * HOUR, "a");
    assertThat(apply(laterExpiry)).as("same Storage Time and T, later Expiry").isEqualTo(1);
    StoredVersion newer = live(key, T0 + 1, T0 + HOUR, "a");
    assertThat(apply(newer)).as("later Storage Time, earlier Expiry").isEqualTo(1);
    assertThat(versions(key.resourceId())).containsExactly(newer);
  }

  @Test
  void aTombstoneWinsAtTheSameStorageTimeAndALaterPutWinsOverIt() {
    ObjectKey key = key(Id128.random());
    apply(live(key, T0, T0 + 2 * HOUR, "a"));
    StoredVersion removed = tombstone(key, T0, T0 + HOUR);
    assertThat(apply(removed)).as("T = 1 above 0, whatever the Expiry").isEqualTo(1);
    assertThat(apply(live(key, T0, T0 + 3 * HOUR, "a"))).as("a late live one").isZero();
    assertThat(versions(key.resourceId())).containsExactly(removed);

    StoredVersion putAgain = live(key, T0 + 1, T0 + HOUR, "a");
    assertThat(apply(putAgain)).isEqualTo(1);
    assertThat(versions(key.resourceId())).containsExactly(putAgain);
  }

  @Test
  void oneBatchCountsEachObjectItReplacesOrCreates() {
    Id128 resource = Id128.random();
    ObjectKey a = key(resource);
    ObjectKey b = key(resource);
    ObjectKey elsewhere = key(Id128.random());
    apply(live(a, T0, T0 + HOUR, "a"));
    int applied =
        apply(
            live(a, T0 - 5, T0 + HOUR, "a"), // older: skipped
            live(b, T0, T0 + HOUR, "b"),
            live(b, T0 + 1, T0 + HOUR, "b"), // newer than the one just before it
            live(elsewhere, T0, T0 + HOUR, "c"));
    assertThat(applied).isEqualTo(3);
    assertThat(versions(resource))
        .extracting(StoredVersion::version)
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                live(a, T0, T0 + HOUR, "a").version(), live(b, T0 + 1, T0 + HOUR, "b").version()));
  }

  /** Applies of different versions of one object, in flight together in every order. */
  @Test
  void theNewestVersionWinsWhateverTheOrderOfConcurrentApplies() {
    Random random = new Random(7);
    for (int round = 0; round < 40; round++) {
      ObjectKey key = key(Id128.random());
      List<StoredVersion> candidates = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        long storageTime = T0 + random.nextInt(3);
        boolean removal = random.nextBoolean();
        long expiry = storageTime + HOUR + random.nextInt(3);
        candidates.add(
            removal ? tombstone(key, storageTime, expiry) : live(key, storageTime, expiry, "a"));
      }
      StoredVersion newest =
          Collections.max(candidates, (x, y) -> x.version().compareTo(y.version()));
      Collections.shuffle(candidates, random);
      List<Answer<Integer>> answers = new ArrayList<>();
      for (StoredVersion candidate : candidates) {
        Answer<Integer> answer = new Answer<>();
        store.apply(List.of(candidate), answer);
        answers.add(answer);
      }
      int applied = 0;
      for (Answer<Integer> answer : answers) {
        applied += answer.value();
      }
      assertThat(applied).isBetween(1, candidates.size());
      assertThat(versions(key.resourceId())).as("round %d", round).containsExactly(newest);
    }
  }

  @Test
  void versionsAndRangesLeaveOutExpiredOnes() {
    Id128 resource = id(0x42, 0);
    StoredVersion shortLived = live(key(resource), T0, T0 + 1_000, "short");
    StoredVersion removed = tombstone(key(resource), T0, T0 + 2_000);
    StoredVersion longLived = live(key(resource), T0, T0 + HOUR, "long");
    apply(shortLived, removed, longLived);
    assertThat(versions(resource)).containsExactlyInAnyOrder(shortLived, removed, longLived);

    now.set(T0 + 1_000); // Expiry <= now is expired
    assertThat(versions(resource)).containsExactlyInAnyOrder(removed, longLived);
    now.set(T0 + 2_000);
    assertThat(versions(resource)).containsExactly(longLived);
    assertThat(range(Range.wholeRing(resource))).containsExactly(longLived);
  }

  @Test
  void anUnknownResourceHasNoVersions() {
    assertThat(versions(Id128.random())).isEmpty();
  }

  @Test
  void rangesAreRingIntervalsAnsweredInKeyOrder() {
    Id128 zero = id(0x00, 0x00);
    Id128 low = id(0x10, 0);
    Id128 middle = id(0x40, 0);
    Id128 high = id(0x80, 0);
    Id128 top = id(0xc0, 0);
    Id128 max = id(0xff, 0xff);
    List<StoredVersion> all = new ArrayList<>();
    for (Id128 resource : List.of(top, zero, max, middle, high, low)) {
      all.add(live(key(resource), T0, T0 + HOUR, resource.hex()));
      all.add(live(key(resource), T0, T0 + HOUR, resource.hex() + "'"));
    }
    apply(all.toArray(StoredVersion[]::new));
    List<StoredVersion> ordered = new ArrayList<>(all);
    ordered.sort((x, y) -> x.key().compareTo(y.key()));

    assertThat(range(new Range(low, high)))
        .as("(low, high]: the start left out, the end in")
        .containsExactlyElementsOf(under(ordered, middle, high));
    assertThat(range(new Range(top, middle)))
        .as("wrapping round zero, in key order, not ring order")
        .containsExactlyElementsOf(under(ordered, zero, low, middle, max));
    assertThat(range(new Range(id(0xff, 0xfe), zero)))
        .as("the two ends of the ID space")
        .containsExactlyElementsOf(under(ordered, zero, max));
    assertThat(range(Range.wholeRing(middle))).as("start = end").containsExactlyElementsOf(ordered);
    assertThat(range(new Range(id(0x41, 0), id(0x7f, 0)))).isEmpty();
    assertThat(range(new Range(high, id(0x80, 1)))).isEmpty();
  }

  @Test
  void anEmptyStoreHasEmptyRanges() {
    assertThat(range(Range.wholeRing(Id128.random()))).isEmpty();
    assertThat(range(new Range(id(0xf0, 0), id(0x10, 0)))).isEmpty();
  }

  @Test
  void binaryContentWithEveryByteValueRoundTrips() {
    byte[] everyByte = new byte[512];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    ObjectKey key = key(Id128.random());
    StoredVersion binary =
        new StoredVersion(key, live(key, T0, T0 + HOUR, "").version(), 3, Octets.wrap(everyByte));
    StoredVersion empty = live(key(key.resourceId()), T0, T0 + HOUR, "");
    apply(binary, empty);
    assertThat(versions(key.resourceId())).containsExactlyInAnyOrder(binary, empty);
    assertThat(range(Range.wholeRing(key.resourceId()))).containsExactlyInAnyOrder(binary, empty);
  }

  @Test
  void pruneRemovesExactlyTheExpiredVersionsAndTheirIndexEntries() {
    Id128 gone = Id128.random();
    Id128 mixed = Id128.random();
    apply(
        live(key(gone), T0, T0 + 1_000, "a"),
        tombstone(key(gone), T0, T0 + 2_000),
        live(key(mixed), T0, T0 + 2_000, "b"));
    StoredVersion stays = live(key(mixed), T0, T0 + 5_000, "c");
    apply(stays);

    assertThat(store.pruneExpired(T0 + 999).block()).isZero();
    assertThat(store.pruneExpired(T0 + 2_000).block()).isEqualTo(3);
    assertThat(store.pruneExpired(T0 + 2_000).block()).isZero();
    assertThat(redis.hasKey(prefix + "obj:" + gone.hex()).block()).isFalse();
    assertThat(redis.opsForZSet().size(prefix + "ids").block()).isEqualTo(1);
    assertThat(redis.opsForZSet().size(prefix + "exp").block()).isEqualTo(1);
    assertThat(range(Range.wholeRing(gone))).containsExactly(stays);
  }

  @Test
  void pruneWorksThroughMoreThanOneBatch() {
    List<StoredVersion> expiring = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      Id128 resource = i % 2 == 0 ? Id128.random() : expiring.get(i - 1).key().resourceId();
      expiring.add(live(key(resource), T0, T0 + 1_000 + i, "v" + i));
    }
    assertThat(apply(expiring.toArray(StoredVersion[]::new))).isEqualTo(700);
    assertThat(store.pruneExpired(T0 + HOUR).block()).isEqualTo(700);
    assertThat(redis.opsForZSet().size(prefix + "ids").block()).isZero();
    assertThat(redis.opsForZSet().size(prefix + "exp").block()).isZero();
  }

  @Test
  void aVersionReplacedByALongerLivedOneSurvivesTheSweep() {
    ObjectKey key = key(Id128.random());
    apply(live(key, T0, T0 + 1_000, "a"));
    StoredVersion refreshed = live(key, T0 + 1, T0 + HOUR, "a");
    apply(refreshed);
    assertThat(store.pruneExpired(T0 + 1_000).block()).isZero();
    assertThat(versions(key.resourceId())).containsExactly(refreshed);
  }

  @Test
  void aDropRemovesOnlyVersionsStillCurrentAndTheResourceIdLeavesTheIndexWhenEmpty() {
    Id128 resource = Id128.random();
    ObjectKey first = key(resource);
    ObjectKey second = key(resource);
    StoredVersion one = live(first, T0, T0 + HOUR, "a");
    StoredVersion two = live(second, T0, T0 + HOUR, "b");
    apply(one, two);
    StoredVersion replaced = live(second, T0 + 1, T0 + HOUR, "b");
    apply(replaced);

    Answer<Integer> dropped = new Answer<>();
    store.drop(List.of(one, two), dropped);
    assertThat(dropped.value()).as("the version applied since stays").isEqualTo(1);
    assertThat(versions(resource)).containsExactly(replaced);
    assertThat(range(Range.wholeRing(resource))).containsExactly(replaced);

    Answer<Integer> rest = new Answer<>();
    store.drop(List.of(replaced), rest);
    assertThat(rest.value()).isEqualTo(1);
    assertThat(versions(resource)).isEmpty();
    assertThat(range(Range.wholeRing(resource))).as("out of the ring index too").isEmpty();
  }

  @Test
  void resourceIdsAreCountedInRingIntervalsWrappingRoundZeroToo() {
    Id128 low = id(0x10, 0);
    Id128 middle = id(0x80, 0);
    Id128 top = id(0xf0, 0);
    for (Id128 resource : List.of(low, middle, top)) {
      apply(live(key(resource), T0, T0 + HOUR, "x"));
    }
    assertThat(store.resourceIdCount().block()).isEqualTo(3);
    assertThat(store.resourceIdCount(new Range(low, middle)).block())
        .as("(low, middle]")
        .isEqualTo(1);
    assertThat(store.resourceIdCount(new Range(top, low)).block())
        .as("wraps: (top, low]")
        .isEqualTo(1);
    assertThat(store.resourceIdCount(new Range(middle, low)).block())
        .as("(middle, low]")
        .isEqualTo(2);
    assertThat(store.resourceIdCount(Range.wholeRing(middle)).block()).isEqualTo(3);
  }

  private int apply(StoredVersion... versions) {
    Answer<Integer> answer = new Answer<>();
    store.apply(List.of(versions), answer);
    return answer.value();
  }

  private List<StoredVersion> versions(Id128 resource) {
    Answer<List<StoredVersion>> answer = new Answer<>();
    store.versions(resource, answer);
    return answer.value();
  }

  private List<StoredVersion> range(Range range) {
    Answer<List<StoredVersion>> answer = new Answer<>();
    store.range(range, answer);
    return answer.value();
  }

  private static List<StoredVersion> under(List<StoredVersion> ordered, Id128... resources) {
    List<Id128> wanted = List.of(resources);
    return ordered.stream().filter(v -> wanted.contains(v.key().resourceId())).toList();
  }
}
