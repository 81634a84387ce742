package org.p2psip.hostpeer.overlay.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.protocol.value.Id128;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Range.Bound;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes expired versions in batches: lists them from the expiry index, then one script per
 * Resource-ID removes those still expired (a version applied meanwhile may have replaced one).
 */
final class ExpirySweep {

  @SuppressWarnings("rawtypes") // a multi-bulk script reply comes back as a raw List
  private static final RedisScript<List> PRUNE =
      RedisScript.of(new ClassPathResource("overlay-store/prune-expired.lua"), List.class);

  private static final int BATCH = 512;
  private static final int CONCURRENCY = 8;

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final StoreKeys keys;
  private final Duration timeout;

  ExpirySweep(ReactiveRedisTemplate<String, byte[]> redis, StoreKeys keys, Duration timeout) {
    this.redis = redis;
    this.keys = keys;
    this.timeout = timeout;
  }

  /** The number of versions removed. */
  Mono<Long> prune(long nowMillis) {
    return batch(nowMillis)
        .expand(done -> done.more() ? batch(nowMillis) : Mono.empty())
        .map(Batch::removed)
        .reduce(0L, Long::sum);
  }

  private record Batch(long removed, boolean more) {}

  private Mono<Batch> batch(long nowMillis) {
    // Expiry <= now is expired (Version.isKeptAt); a ms epoch is exact as a double score
    Range<Double> expired = Range.of(Bound.unbounded(), Bound.inclusive((double) nowMillis));
    return redis
        .opsForZSet()
        .rangeByScore(keys.expiries(), expired, Limit.limit().count(BATCH))
        .collectList()
        .flatMap(
            members ->
                Flux.fromIterable(byResource(members).entrySet())
                    .flatMap(
                        group -> prune(group.getKey(), group.getValue(), nowMillis), CONCURRENCY)
                    .reduce(new long[2], ExpirySweep::add)
                    // another batch only while this one was full and made progress
                    .map(sum -> new Batch(sum[0], members.size() == BATCH && sum[1] > 0)))
        .timeout(timeout);
  }

  private Mono<long[]> prune(Id128 resourceId, List<byte[]> fields, long nowMillis) {
    List<byte[]> args = new ArrayList<>(3 + fields.size());
    args.add(StoreKeys.idMember(resourceId));
    args.add(resourceId.toByteArray());
    args.add(VersionCodec.time(nowMillis));
    args.addAll(fields);
    return redis
        .execute(PRUNE, keys.scriptKeys(resourceId), args)
        .next()
        .map(
            reply -> {
              List<?> counts = (List<?>) reply;
              return new long[] {(Long) counts.get(0), (Long) counts.get(1)};
            });
  }

  /** Members are Resource-ID (16) | Owner (16) | Hash (16): grouped by Resource-ID, to fields. */
  private static Map<Id128, List<byte[]>> byResource(List<byte[]> members) {
    Map<Id128, List<byte[]>> groups = new LinkedHashMap<>();
    for (byte[] member : members) {
      Id128 resourceId = Id128.wrap(Arrays.copyOf(member, Id128.LENGTH));
      groups
          .computeIfAbsent(resourceId, id -> new ArrayList<>())
          .add(Arrays.copyOfRange(member, Id128.LENGTH, member.length));
    }
    return groups;
  }

  private static long[] add(long[] sum, long[] counts) {
    sum[0] += counts[0];
    sum[1] += counts[1];
    return sum;
  }
}
