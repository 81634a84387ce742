package org.p2psip.enrollment.account;

import org.p2psip.protocol.value.ResourceIds;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Who holds each Resource-ID the CA certifies a name for: an account or a conference, never both,
 * never two names. An account {@code team@example.org} and a conference {@code
 * sip:team@example.org} hash to one Resource-ID (docs/protocol.md 3), so whoever holds a
 * certificate for either may write the other's DisCo data (USER-MATCH); the claim decides who got
 * it first. Stored as {@code enroll:resource:{<Resource-ID hex>}} = {@code account:<name>} or
 * {@code conference:<name>}, claimed with {@code SET NX} so two creations racing for one
 * Resource-ID cannot both win.
 */
public final class ResourceClaims {

  private final ReactiveStringRedisTemplate redis;

  public ResourceClaims(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String key(String name) {
    return "enroll:resource:{" + ResourceIds.of(name).hex() + "}";
  }

  /** Claims {@code userName}'s Resource-ID for an account; false when something else holds it. */
  public Mono<Boolean> claimForAccount(String userName) {
    return claim(userName, "account:" + userName);
  }

  /** Claims {@code conference}'s Resource-ID for it; false when something else holds it. */
  public Mono<Boolean> claimForConference(String conference) {
    return claim(conference, "conference:" + conference);
  }

  /** True when {@code name}'s Resource-ID is (now, or already) held by {@code holder}. */
  private Mono<Boolean> claim(String name, String holder) {
    String key = key(name);
    return redis
        .opsForValue()
        .setIfAbsent(key, holder)
        .flatMap(
            claimed -> claimed ? Mono.just(true) : redis.opsForValue().get(key).map(holder::equals))
        .defaultIfEmpty(false);
  }
}
