package org.p2psip.hostpeer.record;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records in this peer's Redis (Redis 7.0: no per-field TTL, so each Resource-ID has a hash of
 * objects and a sorted set of their expiries, updated together by Lua scripts). Every operation is
 * one script on keys of one hash slot, so it is atomic; the owner's quota ({@link OwnerQuota})
 * lives under the owner's own key and is checked by a script of its own just before the object is
 * stored.
 */
public final class RedisRecordStore implements RecordStore {

  private static final RedisScript<List> PUT = script("record-put", List.class);
  private static final RedisScript<Long> REFRESH = script("record-refresh", Long.class);
  private static final RedisScript<Long> REMOVE = script("record-remove", Long.class);

  private static final int VALUE_TYPE_BYTES = 2;

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final HostPeerProperties.Records limits;
  private final OwnerQuota quota;

  public RedisRecordStore(
      ReactiveRedisTemplate<String, byte[]> redis, HostPeerProperties.Records limits) {
    this.redis = redis;
    this.limits = limits;
    this.quota = new OwnerQuota(redis, limits);
  }

  private static <T> RedisScript<T> script(String name, Class<T> type) {
    return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), type);
  }

  @Override
  public Mono<PutOutcome> put(StoredObject object, Duration lifetime) {
    return quota.reserveThen(
        object,
        lifetime,
        reservation ->
            storeObject(object, lifetime)
                .flatMap(
                    stored ->
                        stored || reservation != OwnerQuota.Reservation.NEW
                            ? Mono.just(stored)
                            // the Resource-ID was full: give back the quota just taken
                            : quota
                                .release(object.resourceId(), object.owner(), object.contentHash())
                                .thenReturn(false))
                .map(stored -> stored ? PutOutcome.STORED : PutOutcome.RESOURCE_FULL));
  }

  private Mono<Boolean> storeObject(StoredObject object, Duration lifetime) {
    byte[] value = new byte[VALUE_TYPE_BYTES + object.content().length()];
    value[0] = (byte) (object.valueType() >>> 8);
    value[1] = (byte) object.valueType();
    System.arraycopy(
        object.content().unsafeArray(), 0, value, VALUE_TYPE_BYTES, object.content().length());
    return single(
            redis.execute(
                PUT,
                keys(object.resourceId()),
                List.of(
                    field(object.owner(), object.contentHash()),
                    value,
                    number(lifetime.toMillis()),
                    number(limits.maxObjectsPerResource()))))
        .map(result -> (Long) ((List<?>) result).get(0) != -1);
  }

  @Override
  public Mono<Boolean> refresh(
      Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime) {
    return single(
            redis.execute(
                REFRESH,
                keys(resourceId),
                List.of(field(owner, contentHash), number(lifetime.toMillis()))))
        .flatMap(
            expiry -> {
              if ((Long) expiry == 0) {
                return Mono.just(false);
              }
              return quota.touch(resourceId, owner, contentHash, (Long) expiry).thenReturn(true);
            });
  }

  /**
   * One HGETALL, no script: each value carries its expiry, so expired objects (which the next write
   * prunes) are skipped here by the clock. Remaining lifetimes use this peer's clock against
   * expiries set by Redis's; host peers and Redis are expected to run NTP.
   */
  @Override
  public Flux<LiveObject> get(Id128 resourceId) {
    return redis
        .<byte[], byte[]>opsForHash()
        .entries(RedisKeys.records(resourceId))
        .map(entry -> decode(resourceId, entry.getKey(), entry.getValue()))
        .filter(live -> live.expiresAt() > System.currentTimeMillis());
  }

  /** field = owner | hash; value = "expiry ms:" | value type (2) | content. */
  private static LiveObject decode(Id128 resourceId, byte[] field, byte[] value) {
    int colon = 0;
    long expiry = 0;
    while (colon < value.length && value[colon] != ':') {
      expiry = expiry * 10 + (value[colon] - '0');
      colon++;
    }
    int type = colon + 1;
    int content = type + VALUE_TYPE_BYTES;
    StoredObject object =
        new StoredObject(
            resourceId,
            Id128.wrap(Arrays.copyOfRange(field, 0, Id128.LENGTH)),
            Octets.wrap(Arrays.copyOfRange(field, Id128.LENGTH, field.length)),
            (value[type] & 0xFF) << 8 | value[type + 1] & 0xFF,
            Octets.wrap(Arrays.copyOfRange(value, content, value.length)));
    return new LiveObject(object, expiry);
  }

  @Override
  public Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash) {
    return single(redis.execute(REMOVE, keys(resourceId), List.of(field(owner, contentHash))))
        .flatMap(
            removed ->
                quota.release(resourceId, owner, contentHash).thenReturn((Long) removed == 1));
  }

  private static List<String> keys(Id128 resourceId) {
    return List.of(RedisKeys.records(resourceId), RedisKeys.expiries(resourceId));
  }

  private static byte[] field(Id128 owner, Octets contentHash) {
    return concat(owner.unsafeArray(), contentHash.unsafeArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] number(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** A script's reply: Spring emits it as one element (a List for a multi-bulk reply). */
  private static <T> Mono<Object> single(Flux<T> reply) {
    return reply.next().cast(Object.class);
  }
}
