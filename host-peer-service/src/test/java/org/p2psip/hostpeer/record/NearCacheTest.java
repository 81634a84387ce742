package org.p2psip.hostpeer.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The cache's rules on its own ticker, over a store that counts its reads: when a Get is answered
 * from memory, what a write does to it, a read overtaken by a write, the entry limit, and expiry by
 * the wall clock. ({@code NearCacheIT} runs two caches over one real Redis.)
 */
class NearCacheTest {

  static final Duration TTL = Duration.ofSeconds(1);
  static final long NOW_MILLIS = 1_700_000_000_000L;

  final AtomicLong ticker = new AtomicLong(1_000L);
  final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
  final CountingStore store = new CountingStore();
  final Id128 resource = Id128.random();

  NearCache cache(int maxEntries) {
    return new NearCache(store, TTL, maxEntries, ticker::get, clock);
  }

  static LiveObject live(Id128 resource, String content, long expiresAt) {
    Octets bytes = Octets.utf8(content);
    return new LiveObject(
        new StoredObject(resource, Id128.random(), ResourceInfo.hashOf(bytes), 1, bytes),
        expiresAt);
  }

  List<LiveObject> get(NearCache cache, Id128 id) {
    return cache.get(id).collectList().block();
  }

  void advance(Duration duration) {
    ticker.addAndGet(duration.toNanos());
  }

  @Test
  void aGetWithinTheTtlIsAnsweredFromMemoryAfterItTheStoreIsReadAgain() {
    NearCache cache = cache(100);
    LiveObject first = live(resource, "first", NOW_MILLIS + 60_000);
    store.objects = List.of(first);
    assertThat(get(cache, resource)).containsExactly(first);

    store.objects = List.of(first, live(resource, "second", NOW_MILLIS + 60_000));
    advance(TTL.minusNanos(1));
    assertThat(get(cache, resource)).as("from memory").containsExactly(first);
    assertThat(store.reads).hasValue(1);

    advance(Duration.ofNanos(1));
    assertThat(get(cache, resource)).hasSize(2);
    assertThat(store.reads).hasValue(2);
  }

  @Test
  void everyWriteThroughThisPeerIsSeenAtOnce() {
    NearCache cache = cache(100);
    StoredObject object = live(resource, "x", 0).object();
    for (Runnable write :
        List.<Runnable>of(
            () -> cache.put(object, Duration.ofMinutes(1)).block(),
            () ->
                cache
                    .refresh(resource, object.owner(), object.contentHash(), Duration.ofMinutes(1))
                    .block(),
            () -> cache.remove(resource, object.owner(), object.contentHash()).block())) {
      get(cache, resource);
      advance(Duration.ofNanos(1));
      int before = store.reads.get();
      write.run();
      advance(Duration.ofNanos(1));
      get(cache, resource);
      assertThat(store.reads).as("read again after the write").hasValue(before + 1);
    }
  }

  @Test
  void aReadThatAWriteOvertookIsNotCached() {
    NearCache cache = cache(100);
    Sinks.One<List<LiveObject>> slowRead = Sinks.one();
    store.pending = slowRead.asMono();
    List<LiveObject> stale = List.of(live(resource, "before the write", NOW_MILLIS + 60_000));

    Mono<List<LiveObject>> read = cache.get(resource).collectList();
    read.subscribe();
    advance(Duration.ofNanos(1));
    cache.put(live(resource, "the write", 0).object(), Duration.ofMinutes(1)).block();
    slowRead.tryEmitValue(stale);

    store.pending = null;
    store.objects = List.of();
    advance(Duration.ofNanos(1));
    assertThat(get(cache, resource)).as("the store asked again, not the stale read").isEmpty();
  }

  @Test
  void aFullCacheMakesRoomFromStaleEntriesOnlyAndOtherwiseCachesNothingMore() {
    store.objects = List.of(live(resource, "found", NOW_MILLIS + 60_000));
    NearCache cache = cache(2);
    get(cache, Id128.random());
    get(cache, Id128.random());
    assertThat(cache.size()).isEqualTo(2);

    Id128 third = Id128.random();
    get(cache, third);
    get(cache, third);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(store.reads).as("not cached: read twice").hasValue(4);

    advance(TTL);
    get(cache, third);
    assertThat(cache.size()).as("the stale two made room").isEqualTo(1);
    get(cache, third);
    assertThat(store.reads).hasValue(5);
  }

  @Test
  void aCachedObjectPastItsLifetimeIsNeverReturned() {
    NearCache cache = cache(100);
    LiveObject ending = live(resource, "ending", NOW_MILLIS);
    LiveObject staying = live(resource, "staying", NOW_MILLIS + 1);
    store.objects = List.of(ending, staying);
    get(cache, resource);
    assertThat(get(cache, resource))
        .as("from memory, expiry by the clock at the moment of the Get")
        .containsExactly(staying);
  }

  @Test
  void nothingFoundAndAnswersCutShortAreAskedForAgain() {
    NearCache cache = cache(100);
    get(cache, resource);
    get(cache, resource);
    assertThat(store.reads).as("407 is not cached").hasValue(2);

    store.objects = List.of(live(resource, "one of many", NOW_MILLIS + 60_000));
    store.complete = false;
    assertThat(get(cache, resource)).hasSize(1);
    assertThat(get(cache, resource)).hasSize(1);
    assertThat(store.reads).as("an incomplete answer is not cached").hasValue(4);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aZeroTtlPassesEveryCallThrough() {
    NearCache off = new NearCache(store, Duration.ZERO, 100, ticker::get, clock);
    get(off, resource);
    get(off, resource);
    assertThat(store.reads).hasValue(2);
    assertThat(off.size()).isZero();
  }

  /** Answers reads with {@link #objects} (or {@link #pending} when set) and counts them. */
  static final class CountingStore implements RecordStore {

    final AtomicInteger reads = new AtomicInteger();
    volatile List<LiveObject> objects = List.of();
    volatile Mono<List<LiveObject>> pending;
    volatile boolean complete = true;

    @Override
    public Mono<Snapshot> snapshot(Id128 resourceId) {
      return get(resourceId).collectList().map(objects -> new Snapshot(objects, complete));
    }

    @Override
    public Flux<LiveObject> get(Id128 resourceId) {
      return Flux.defer(
          () -> {
            reads.incrementAndGet();
            Mono<List<LiveObject>> slow = pending;
            return slow != null ? slow.flatMapIterable(list -> list) : Flux.fromIterable(objects);
          });
    }

    @Override
    public Mono<PutOutcome> put(StoredObject object, Duration lifetime) {
      return Mono.just(PutOutcome.STORED);
    }

    @Override
    public Mono<Boolean> refresh(
        Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime) {
      return Mono.just(true);
    }

    @Override
    public Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash) {
      return Mono.just(true);
    }
  }
}
