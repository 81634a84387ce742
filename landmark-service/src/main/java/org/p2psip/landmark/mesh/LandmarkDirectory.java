package org.p2psip.landmark.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p2psip.store.StoreAvailability;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The landmarks' shared state in Redis (docs/redis-layout.md): who is a landmark and when it was
 * last seen, each landmark's measured RTTs to the others, the embedding lease and the published
 * embedding. Every key carries the namespace as its hash tag ({@code {landmarks}} by default), so
 * the scripts that touch several of them run on one Redis Cluster slot. Every call goes through
 * {@link StoreAvailability}: while Redis is known down it fails at once.
 */
public final class LandmarkDirectory {

  private static final RedisScript<Long> HOLD_LEASE =
      RedisScript.of(new ClassPathResource("redis/lease-hold.lua"), Long.class);
  private static final RedisScript<Long> RELEASE_LEASE =
      RedisScript.of(new ClassPathResource("redis/lease-release.lua"), Long.class);
  private static final RedisScript<Long> PUBLISH =
      RedisScript.of(new ClassPathResource("redis/embedding-publish.lua"), Long.class);
  private static final RedisScript<Long> STORE_RTTS =
      RedisScript.of(new ClassPathResource("redis/rtts-store.lua"), Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final JsonMapper json;
  private final String prefix;
  private final String membersKey;
  private final String seenKey;
  private final String leaseKey;
  private final String embeddingKey;
  private final StoreAvailability availability;

  /**
   * @param namespace the hash tag of every key ({@code {landmarks}} by default): landmark sets of
   *     different overlays sharing one Redis use different namespaces
   */
  public LandmarkDirectory(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      String namespace,
      StoreAvailability availability) {
    this.redis = redis;
    this.availability = availability;
    this.json = json;
    this.prefix = "{" + namespace + "}:";
    this.membersKey = prefix + "members";
    this.seenKey = prefix + "seen";
    this.leaseKey = prefix + "lease";
    this.embeddingKey = prefix + "embedding";
  }

  private String rttKey(String id) {
    return prefix + "rtt:" + id;
  }

  /** Adds or refreshes {@code self}, seen at {@code nowMillis}. */
  public Mono<Void> register(Landmark self, long nowMillis) {
    return availability.guard(
        redis
            .opsForHash()
            .put(membersKey, self.id(), json.writeValueAsString(self))
            .then(redis.opsForZSet().add(seenKey, self.id(), nowMillis))
            .then());
  }

  /** Removes a landmark and its measurements (a clean shutdown, or the leader pruning). */
  public Mono<Void> deregister(String id) {
    return availability.guard(
        redis
            .opsForHash()
            .remove(membersKey, id)
            .then(redis.opsForZSet().remove(seenKey, id))
            .then(redis.delete(rttKey(id)))
            .then());
  }

  /** Landmarks seen within {@code staleAfter} of {@code nowMillis}, ordered by id. */
  public Mono<List<Landmark>> live(long nowMillis, Duration staleAfter) {
    double since = nowMillis - staleAfter.toMillis();
    return availability.guard(
        redis
            .opsForZSet()
            .rangeByScore(seenKey, Range.closed(since, Double.POSITIVE_INFINITY))
            .collectList()
            .flatMap(
                ids ->
                    ids.isEmpty()
                        ? Mono.just(List.<Landmark>of())
                        : redis
                            .<String, String>opsForHash()
                            .multiGet(membersKey, ids)
                            .map(
                                values ->
                                    values.stream()
                                        .filter(v -> v != null)
                                        .map(v -> json.readValue(v, Landmark.class))
                                        .sorted(Comparator.comparing(Landmark::id))
                                        .toList())));
  }

  /** Ids of landmarks not seen within {@code staleAfter}. */
  public Flux<String> stale(long nowMillis, Duration staleAfter) {
    return availability.guard(
        redis
            .opsForZSet()
            .rangeByScore(
                seenKey,
                Range.closed(
                    Double.NEGATIVE_INFINITY, (double) nowMillis - staleAfter.toMillis())));
  }

  /** Replaces {@code id}'s RTT vector (ms to each other landmark), expiring after {@code ttl}. */
  public Mono<Void> storeRtts(String id, Map<String, Double> rttMillis, Duration ttl) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(ttl.toMillis()));
    rttMillis.forEach(
        (other, rtt) -> {
          args.add(other);
          args.add(Double.toString(rtt));
        });
    return availability.guard(redis.execute(STORE_RTTS, List.of(rttKey(id)), args).then());
  }

  /** Each given landmark's RTT vector; landmarks with none are absent. */
  public Mono<Map<String, Map<String, Double>>> rtts(List<String> ids) {
    return availability.guard(
        Flux.fromIterable(ids)
            .concatMap(
                id ->
                    redis
                        .<String, String>opsForHash()
                        .entries(rttKey(id))
                        .collectMap(e -> e.getKey(), e -> Double.parseDouble(e.getValue()))
                        .filter(vector -> !vector.isEmpty())
                        .map(vector -> Map.entry(id, vector)))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new));
  }

  /** True when {@code id} holds (now or after this call) the embedding lease for {@code ttl}. */
  public Mono<Boolean> holdLease(String id, Duration ttl) {
    return availability.guard(
        redis
            .execute(HOLD_LEASE, List.of(leaseKey), List.of(id, Long.toString(ttl.toMillis())))
            .next()
            .map(held -> held == 1L));
  }

  /** Gives the lease up if {@code id} holds it, so another landmark takes over at once. */
  public Mono<Void> releaseLease(String id) {
    return availability.guard(redis.execute(RELEASE_LEASE, List.of(leaseKey), List.of(id)).then());
  }

  /**
   * Publishes {@code embedding} under the next version, only if {@code owner} still holds the lease
   * (a fenced write: a leader that lost its lease while computing cannot overwrite its successor).
   * The published version, or empty when the lease was lost.
   */
  public Mono<Long> publish(String owner, PublishedEmbedding embedding) {
    return availability.guard(
        redis
            .execute(
                PUBLISH,
                List.of(leaseKey, embeddingKey),
                List.of(owner, json.writeValueAsString(embedding.withVersion(0))))
            .next()
            .filter(version -> version > 0));
  }

  /** The published embedding, if any. */
  public Mono<Optional<PublishedEmbedding>> published() {
    return availability.guard(
        redis
            .<String, String>opsForHash()
            .multiGet(embeddingKey, List.of("version", "document"))
            .map(
                values -> {
                  if (values.get(0) == null || values.get(1) == null) {
                    return Optional.<PublishedEmbedding>empty();
                  }
                  return Optional.of(
                      json.readValue(values.get(1), PublishedEmbedding.class)
                          .withVersion(Long.parseLong(values.get(0))));
                }));
  }
}
