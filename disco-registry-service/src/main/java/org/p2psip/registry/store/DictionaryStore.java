package org.p2psip.registry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.registry.RegistryException;
import org.p2psip.store.StoreAvailability;
import org.p2psip.store.StoreUnavailableException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dictionary kinds over Redis 7.0 (docs/redis-layout.md): per Resource-ID and kind a hash of
 * entries, a hash of storage times, a sorted set of expiries (Redis 7.0 has no per-field TTL) and a
 * meta hash with the generation counter, all hash-tagged with the Resource-ID so that one script
 * stores the kinds of one request atomically. Every store publishes on the Resource-ID's change
 * channel. While Redis is down every call fails at once with {@link StoreUnavailableException}.
 */
public final class DictionaryStore {

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> STORE =
      RedisScript.of(new ClassPathResource("redis/store.lua"), List.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> FETCH =
      RedisScript.of(new ClassPathResource("redis/fetch.lua"), List.class);

  private final ReactiveStringRedisTemplate redis;
  private final EntryBlobs blobs;
  private final int maxEntriesPerKind;
  private final StoreAvailability availability;

  /**
   * @param availability every Redis call goes through it: refused at once while Redis is known
   *     down, and a failure for want of Redis becomes a {@link StoreUnavailableException}
   */
  public DictionaryStore(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      int maxEntriesPerKind,
      StoreAvailability availability) {
    this.redis = redis;
    this.blobs = new EntryBlobs(json);
    this.maxEntriesPerKind = maxEntriesPerKind;
    this.availability = availability;
  }

  private static String prefix(Id128 resource, Kind kind) {
    return "reg:{" + resource.hex() + "}:" + kind.id() + ":";
  }

  /** The Pub/Sub channel a Resource-ID's stores are announced on. */
  public static String changeChannel(Id128 resource) {
    return "reg:changes:{" + resource.hex() + "}";
  }

  /**
   * Stores every kind's entries, all or nothing. The new generation per kind, in request order; a
   * {@link RegistryException} with Generation_Counter_Too_Low (and the current generation),
   * Data_Too_Old, Data_Too_Large, or Forbidden for a write through a revoked delegation otherwise.
   */
  public Mono<List<Long>> store(Id128 resource, List<KindWrite> writes) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(changeChannel(resource));
    args.add(Integer.toString(writes.size()));
    for (KindWrite write : writes) {
      String prefix = prefix(resource, write.kind());
      keys.add(prefix + "data");
      keys.add(prefix + "time");
      keys.add(prefix + "exp");
      keys.add(prefix + "meta");
      args.add(Long.toString(write.kind().id()));
      args.add(Long.toString(write.generation()));
      args.add(Integer.toString(maxEntriesPerKind));
      args.add(Integer.toString(write.entries().size()));
      for (StoredEntry entry : write.entries()) {
        args.add(entry.key());
        args.add(Long.toString(entry.storageTime()));
        args.add(Long.toString(entry.lifetime() * 1000));
        args.add(blobs.write(entry));
        args.add(Long.toString(entry.delegatedSince()));
      }
    }
    return availability
        .guard(redis.execute(STORE, keys, args).next())
        .map(
            result -> {
              long code = (Long) result.get(0);
              if (code == 0) {
                List<Long> generations = new ArrayList<>();
                for (int i = 1; i < result.size(); i++) {
                  generations.add((Long) result.get(i));
                }
                return generations;
              }
              Kind kind = writes.get((int) (long) (Long) result.get(1) - 1).kind();
              long generation = (Long) result.get(2);
              String key = String.valueOf(result.get(3));
              throw refusal((int) code, kind, generation, key);
            });
  }

  private static RegistryException refusal(int code, Kind kind, long generation, String key) {
    Map<String, Object> extra = Map.of("kind", KindNames.name(kind), "generation", generation);
    return switch (code) {
      case 5 ->
          new RegistryException(
              ReloadErrorCode.GENERATION_COUNTER_TOO_LOW,
              "the generation given does not match the stored one (" + generation + ")",
              extra);
      case 9 ->
          new RegistryException(
              ReloadErrorCode.DATA_TOO_OLD,
              "entry " + key + " is stored with a later storage_time",
              Map.of("kind", KindNames.name(kind), "generation", generation, "key", key));
      case 2 ->
          new RegistryException(
              ReloadErrorCode.FORBIDDEN,
              "entry "
                  + key
                  + " was deleted after its writer's delegation was issued, which revokes it",
              Map.of("kind", KindNames.name(kind), "key", key));
      case 8 ->
          new RegistryException(
              ReloadErrorCode.DATA_TOO_LARGE,
              "the dictionary would hold more entries than allowed",
              extra);
      default -> throw new IllegalStateException("store script answered " + code);
    };
  }

  /** The live entries (all, or those of {@code keys}) and the generation, in one read. */
  public Mono<Dictionary> fetch(Id128 resource, Kind kind, List<String> keys) {
    return fetchRaw(resource, kind, keys)
        .map(
            raw ->
                new Dictionary(
                    kind,
                    raw.generation(),
                    raw.entries().stream()
                        .map(e -> blobs.read(e.key(), e.blob(), e.remainingSeconds()))
                        .toList()));
  }

  /** As {@link #fetch}, entries left in their stored JSON (the Fetch API's fast path). */
  public Mono<RawDictionary> fetchRaw(Id128 resource, Kind kind, List<String> keys) {
    String prefix = prefix(resource, kind);
    return availability
        .guard(
            redis
                .execute(FETCH, List.of(prefix + "data", prefix + "exp", prefix + "meta"), keys)
                .next())
        .map(
            result -> {
              long now = Long.parseLong(String.valueOf(result.get(0)));
              long generation = Long.parseLong(String.valueOf(result.get(1)));
              List<RawDictionary.RawEntry> entries = new ArrayList<>();
              for (int i = 2; i + 2 < result.size(); i += 3) {
                long expiresAt = (long) Double.parseDouble(String.valueOf(result.get(i + 1)));
                entries.add(
                    new RawDictionary.RawEntry(
                        String.valueOf(result.get(i)),
                        Math.max(1, (expiresAt - now + 999) / 1000),
                        String.valueOf(result.get(i + 2))));
              }
              return new RawDictionary(kind, generation, entries);
            });
  }

  /** Every kind's dictionary at {@code resource}, for Stat. */
  public Flux<Dictionary> fetchAll(Id128 resource) {
    return Flux.fromArray(Kind.values()).concatMap(kind -> fetch(resource, kind, List.of()));
  }
}
