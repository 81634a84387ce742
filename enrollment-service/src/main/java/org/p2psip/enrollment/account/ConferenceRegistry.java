package org.p2psip.enrollment.account;

import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Id128;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Conference identities (DisCo draft section 4.3): a conference URI belongs to the participant who
 * first asked for its certificate, and keeps one Node-ID never given to anyone else. Stored as
 * {@code enroll:conference:{<uri without sip:>}} with {@code creator} and {@code node-id}.
 */
public final class ConferenceRegistry {

  private final ReactiveStringRedisTemplate redis;
  private final AccountService accounts;
  private final ResourceClaims claims;

  public ConferenceRegistry(
      ReactiveStringRedisTemplate redis, AccountService accounts, ResourceClaims claims) {
    this.redis = redis;
    this.accounts = accounts;
    this.claims = claims;
  }

  static String key(String conference) {
    return "enroll:conference:{" + conference + "}";
  }

  /**
   * The conference's Node-ID for {@code creator}: claimed on the first request, the same on later
   * ones by the same creator; empty when another participant, or an account of the same name (the
   * same Resource-ID: {@link ResourceClaims}), already holds the URI.
   *
   * @param conference the canonical user name of the conference ({@link UserNames}: the URI without
   *     {@code sip:})
   */
  public Mono<Id128> claim(String conference, String creator) {
    if (!UserNames.isCanonical(conference)) {
      return Mono.error(new IllegalArgumentException("not a canonical user name: " + conference));
    }
    String key = key(conference);
    // an account created before Resource-IDs were claimed has no claim entry: ask for it too
    return accounts
        .find(conference)
        .hasElement()
        .flatMap(isAccount -> isAccount ? Mono.just(false) : claims.claimForConference(conference))
        .flatMap(
            claimed ->
                !claimed
                    ? Mono.<Id128>empty()
                    : redis
                        .<String, String>opsForHash()
                        .putIfAbsent(key, "creator", creator)
                        .then(redis.<String, String>opsForHash().get(key, "creator"))
                        .filter(creator::equals)
                        .flatMap(owned -> nodeId(key, conference)));
  }

  /** Who created the conference, if anyone has. */
  public Mono<String> creator(String conference) {
    return redis.<String, String>opsForHash().get(key(conference), "creator");
  }

  private Mono<Id128> nodeId(String key, String conference) {
    return redis
        .<String, String>opsForHash()
        .get(key, "node-id")
        .map(Id128::fromHex)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    accounts
                        .claimNodeId("conference:" + conference)
                        .flatMap(
                            fresh ->
                                redis
                                    .<String, String>opsForHash()
                                    .putIfAbsent(key, "node-id", fresh.hex())
                                    // two first requests at once: the one stored first wins
                                    .then(redis.<String, String>opsForHash().get(key, "node-id"))
                                    .map(Id128::fromHex))));
  }
}
