package org.p2psip.enrollment.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.auth.ChapKeys;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Id128;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Accounts in Redis, in the layout host peers read (docs/redis-layout.md): the hash {@code
 * enroll:account:{<user>}} with the login verifier, the CHAP key K, the status and the Node-IDs
 * issued. Node-IDs are claimed one by one with {@code SET NX} on {@code enroll:node:{<hex>}}, so no
 * two accounts (or conferences) ever get the same one. Password hashing is slow by design and runs
 * off the event loop.
 */
public final class AccountService {

  public static final String VERIFIER = "verifier";
  public static final String CHAP_KEY = "chap-key";
  public static final String STATUS = "status";
  public static final String NODE_IDS = "node-ids";
  public static final String CREATED = "created";

  private static final RedisScript<Long> APPEND_NODE_IDS =
      RedisScript.of(new ClassPathResource("redis/append-node-ids.lua"), Long.class);

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final ResourceClaims claims;
  private final String overlay;
  private final int verifierIterations;

  public AccountService(
      ReactiveRedisTemplate<String, byte[]> redis,
      ResourceClaims claims,
      String overlay,
      int verifierIterations) {
    this.redis = redis;
    this.claims = claims;
    this.overlay = overlay;
    this.verifierIterations = verifierIterations;
  }

  public static String key(String userName) {
    return "enroll:account:{" + userName + "}";
  }

  static String nodeKey(Id128 nodeId) {
    return "enroll:node:{" + nodeId.hex() + "}";
  }

  /**
   * Creates an account; false when the user name is taken, by an account or a conference (its
   * Resource-ID is then held by someone else: {@link ResourceClaims}).
   *
   * @param userName a canonical user name ({@link UserNames}); anything else is a programming error
   */
  public Mono<Boolean> create(String userName, String password) {
    if (!UserNames.isCanonical(userName)) {
      return Mono.error(new IllegalArgumentException("not a canonical user name: " + userName));
    }
    // a conference claimed before Resource-IDs were claimed has no claim entry: ask it too
    return redis
        .hasKey(ConferenceRegistry.key(userName))
        .flatMap(conference -> conference ? Mono.just(false) : claims.claimForAccount(userName))
        .flatMap(claimed -> claimed ? store(userName, password) : Mono.just(false));
  }

  private Mono<Boolean> store(String userName, String password) {
    return Mono.zip(
            Mono.fromCallable(() -> PasswordVerifier.create(password, verifierIterations)),
            Mono.fromCallable(() -> ChapKeys.deriveKey(password, overlay, userName)))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            secrets ->
                redis
                    .<byte[], byte[]>opsForHash()
                    // the verifier field decides who got the name first
                    .putIfAbsent(key(userName), bytes(VERIFIER), bytes(secrets.getT1()))
                    .flatMap(
                        created ->
                            !created
                                ? Mono.just(false)
                                : redis
                                    .<byte[], byte[]>opsForHash()
                                    .putAll(
                                        key(userName),
                                        Map.of(
                                            bytes(CHAP_KEY), secrets.getT2(),
                                            bytes(STATUS), bytes("active"),
                                            bytes(NODE_IDS), bytes(""),
                                            bytes(CREATED),
                                                bytes(Long.toString(System.currentTimeMillis()))))
                                    .thenReturn(true)));
  }

  /** The account if it exists, is active and {@code password} is right; else empty. */
  public Mono<Account> authenticate(String userName, String password) {
    return find(userName)
        .filter(Account::active)
        .filterWhen(
            account ->
                Mono.fromCallable(() -> PasswordVerifier.matches(password, account.verifier()))
                    .subscribeOn(Schedulers.boundedElastic()));
  }

  public Mono<Account> find(String userName) {
    return redis
        .<byte[], byte[]>opsForHash()
        .entries(key(userName))
        .collectMap(entry -> text(entry.getKey()), Map.Entry::getValue)
        .filter(fields -> fields.containsKey(VERIFIER))
        .map(fields -> toAccount(userName, new HashMap<>(fields)));
  }

  /** Every account, for the operator. */
  public Flux<Account> list() {
    return redis
        .scan(ScanOptions.scanOptions().match("enroll:account:{*}").count(500).build())
        .map(key -> key.substring("enroll:account:{".length(), key.length() - 1))
        .concatMap(this::find);
  }

  public Mono<Boolean> setActive(String userName, boolean active) {
    return redis
        .hasKey(key(userName))
        .flatMap(
            exists ->
                exists
                    ? redis
                        .<byte[], byte[]>opsForHash()
                        .put(key(userName), bytes(STATUS), bytes(active ? "active" : "disabled"))
                        .thenReturn(true)
                    : Mono.just(false));
  }

  /**
   * Claims {@code count} fresh random Node-IDs for {@code userName} and records them on the
   * account. A collision (astronomically rare with 128 random bits) just draws again.
   */
  public Mono<List<Id128>> allocateNodeIds(String userName, int count) {
    return Flux.range(0, count)
        .concatMap(i -> claimOne(userName, 0))
        .collectList()
        .flatMap(
            ids ->
                redis
                    .execute(
                        APPEND_NODE_IDS,
                        List.of(key(userName)),
                        List.of(bytes(String.join(",", ids.stream().map(Id128::hex).toList()))))
                    .then(Mono.just(ids)));
  }

  /** One fresh Node-ID claimed for {@code owner} (an account, or "conference:" + URI). */
  public Mono<Id128> claimNodeId(String owner) {
    return claimOne(owner, 0);
  }

  private Mono<Id128> claimOne(String userName, int attempt) {
    if (attempt > 8) {
      return Mono.error(new IllegalStateException("no free Node-ID after 8 draws"));
    }
    Id128 candidate = Id128.random();
    return redis
        .opsForValue()
        .setIfAbsent(nodeKey(candidate), bytes(userName))
        .flatMap(claimed -> claimed ? Mono.just(candidate) : claimOne(userName, attempt + 1));
  }

  private static Account toAccount(String userName, Map<String, byte[]> fields) {
    List<Id128> nodeIds = new ArrayList<>();
    String ids = text(fields.get(NODE_IDS));
    if (!ids.isBlank()) {
      for (String hex : ids.split(",")) {
        nodeIds.add(Id128.fromHex(hex.trim()));
      }
    }
    return new Account(
        userName,
        text(fields.get(VERIFIER)),
        !"disabled".equals(text(fields.get(STATUS))),
        List.copyOf(nodeIds));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte @Nullable [] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
