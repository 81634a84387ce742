package org.p2psip.hostpeer.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Id128;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Reads accounts where the enrollment service writes them: the hash {@code enroll:account:{<user
 * name>}} with fields {@code chap-key} (32 raw bytes), {@code status} ({@code active} or {@code
 * disabled}) and {@code node-ids} (comma-separated hex).
 */
public final class AccountStore implements AutoCloseable {

  public static final String CHAP_KEY = "chap-key";
  public static final String STATUS = "status";
  public static final String NODE_IDS = "node-ids";

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final Runnable closing;

  /**
   * @param closing run on {@link #close()}: releases a connection opened for the accounts only
   */
  public AccountStore(ReactiveRedisTemplate<String, byte[]> redis, Runnable closing) {
    this.redis = redis;
    this.closing = closing;
  }

  @Override
  public void close() {
    closing.run();
  }

  public static String key(String userName) {
    return "enroll:account:{" + userName + "}";
  }

  /**
   * The account, or empty when there is none (or it lacks a CHAP key). {@code userName} is looked
   * up in its canonical form ({@link UserNames}: the form the enrollment service stores); a name
   * outside the user-name grammar has no account.
   */
  public Mono<Account> find(String givenName) {
    Optional<String> canonical = UserNames.canonical(givenName);
    if (canonical.isEmpty()) {
      return Mono.empty();
    }
    String userName = canonical.get();
    return redis
        .<byte[], byte[]>opsForHash()
        .entries(key(userName))
        .collectMap(
            entry -> new String(entry.getKey(), StandardCharsets.UTF_8), Map.Entry::getValue)
        .filter(fields -> fields.containsKey(CHAP_KEY))
        .map(fields -> toAccount(userName, new HashMap<>(fields)));
  }

  private static Account toAccount(String userName, Map<String, byte[]> fields) {
    String status = text(fields.get(STATUS));
    List<Id128> nodeIds = new ArrayList<>();
    String ids = text(fields.get(NODE_IDS));
    if (!ids.isBlank()) {
      for (String hex : ids.split(",")) {
        nodeIds.add(Id128.fromHex(hex.trim()));
      }
    }
    return new Account(userName, fields.get(CHAP_KEY), !"disabled".equals(status), nodeIds);
  }

  private static String text(byte @Nullable [] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
