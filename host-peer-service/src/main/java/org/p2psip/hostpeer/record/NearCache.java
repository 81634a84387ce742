package org.p2psip.hostpeer.record;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The host-peer cache in this process: a Get is answered from memory when the same Resource-ID was
 * read within {@code ttl}, so a popular record costs no Redis round trip.
 *
 * <p>Consistency: every write through this peer (Put, refresh, Remove) invalidates the entry once
 * the store confirmed it, and a read that started before a write is never cached after it; so a
 * client sees its own writes at once. Nothing found and incomplete answers are not cached. Writes
 * made through other host peers become visible here after at most {@code ttl}. Expiry is exact:
 * objects past their lifetime are never returned. With a ttl of zero the cache is off.
 */
public final class NearCache implements RecordStore {

  /** A cached answer, or (objects == null) the mark of a write at {@code stamp}. */
  private record Entry(@Nullable List<LiveObject> objects, long stamp) {}

  private final RecordStore store;
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier ticker;
  private final Clock clock;
  private final ConcurrentHashMap<Id128, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param ticker the monotonic clock (ns) the ttl is measured by
   * @param clock the wall clock objects' expiry (ms since the epoch) is compared with
   */
  public NearCache(
      RecordStore store, Duration ttl, int maxEntries, LongSupplier ticker, Clock clock) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.ticker = ticker;
    this.clock = clock;
  }

  @Override
  public Flux<LiveObject> get(Id128 resourceId) {
    if (ttlNanos <= 0) {
      return store.get(resourceId);
    }
    long now = ticker.getAsLong();
    Entry cached = entries.get(resourceId);
    List<LiveObject> hit = cached != null ? cached.objects() : null;
    if (cached != null && hit != null && now - cached.stamp() < ttlNanos) {
      long wallClock = clock.millis();
      return Flux.fromIterable(hit).filter(live -> live.expiresAt() > wallClock);
    }
    return store
        .snapshot(resourceId)
        .doOnNext(
            found -> {
              // nothing found (407) and answers cut short are asked again next time
              // (docs/peer-protocol.md 6)
              if (found.complete() && !found.objects().isEmpty()) {
                remember(resourceId, found.objects(), now);
              }
            })
        .flatMapIterable(Snapshot::objects);
  }

  private void remember(Id128 resourceId, List<LiveObject> objects, long readStarted) {
    if (entries.size() >= maxEntries) {
      evictStale();
      if (entries.size() >= maxEntries) {
        return;
      }
    }
    // a write that landed after this read began leaves its mark; the read is then not cached
    entries.compute(
        resourceId,
        (id, current) ->
            current != null && current.stamp() >= readStarted
                ? current
                : new Entry(List.copyOf(objects), readStarted));
  }

  private void evictStale() {
    long now = ticker.getAsLong();
    entries.values().removeIf(entry -> now - entry.stamp() >= ttlNanos);
  }

  private <T> Mono<T> invalidating(Id128 resourceId, Mono<T> write) {
    if (ttlNanos <= 0) {
      return write;
    }
    return write.doOnSuccess(done -> entries.put(resourceId, new Entry(null, ticker.getAsLong())));
  }

  @Override
  public Mono<PutOutcome> put(StoredObject object, Duration lifetime) {
    return invalidating(object.resourceId(), store.put(object, lifetime));
  }

  @Override
  public Mono<Boolean> refresh(
      Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime) {
    return invalidating(resourceId, store.refresh(resourceId, owner, contentHash, lifetime));
  }

  @Override
  public Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash) {
    return invalidating(resourceId, store.remove(resourceId, owner, contentHash));
  }

  int size() {
    return entries.size();
  }
}
