package org.p2psip.enrollment.account;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits password guessing: failed logins are counted in Redis per user name and per client address
 * over a window; past the limit a login is refused without even checking the password, until the
 * window ends. Counters are shared by every replica of the service.
 */
public final class LoginThrottle {

  private final ReactiveStringRedisTemplate redis;
  private final int maxPerUser;
  private final int maxPerAddress;
  private final Duration window;

  public LoginThrottle(
      ReactiveStringRedisTemplate redis, int maxPerUser, int maxPerAddress, Duration window) {
    this.redis = redis;
    this.maxPerUser = maxPerUser;
    this.maxPerAddress = maxPerAddress;
    this.window = window;
  }

  static String userKey(String userName) {
    return "enroll:fail:user:{" + userName + "}";
  }

  static String addressKey(String address) {
    return "enroll:fail:addr:{" + address + "}";
  }

  static List<String> keys(String userName, String address) {
    return List.of(userKey(userName), addressKey(address));
  }

  /** True while the user name or the address is over its limit. */
  public Mono<Boolean> blocked(String userName, String address) {
    return Mono.zip(count(userKey(userName)), count(addressKey(address)))
        .map(counts -> counts.getT1() >= maxPerUser || counts.getT2() >= maxPerAddress);
  }

  private Mono<Long> count(String key) {
    return redis.opsForValue().get(key).map(Long::parseLong).defaultIfEmpty(0L);
  }

  public Mono<Void> failed(String userName, String address) {
    return Flux.fromIterable(keys(userName, address))
        .flatMap(
            key ->
                redis
                    .opsForValue()
                    .increment(key)
                    .flatMap(count -> count == 1 ? redis.expire(key, window) : Mono.just(true)))
        .then();
  }
}
