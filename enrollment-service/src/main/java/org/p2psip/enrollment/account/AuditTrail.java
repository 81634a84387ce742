package org.p2psip.enrollment.account;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Every issuance and account change, appended to the Redis stream {@code enroll:audit} (capped at
 * about 100,000 entries) and logged. Operators read it with {@code XRANGE enroll:audit - +}.
 */
public final class AuditTrail {

  public static final String STREAM = "enroll:audit";
  private static final Logger log = LoggerFactory.getLogger("p2psip.audit");
  private static final long MAX_LENGTH = 100_000;

  private final ReactiveStringRedisTemplate redis;

  public AuditTrail(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** Records {@code event} with its details; completes once Redis has it. */
  public Mono<Void> record(String event, Map<String, String> details) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("event", event);
    fields.put("at", Long.toString(System.currentTimeMillis()));
    fields.putAll(details);
    log.info("{} {}", event, details);
    return redis
        .opsForStream()
        .add(StreamRecords.string(fields).withStreamKey(STREAM))
        .then(redis.opsForStream().trim(STREAM, MAX_LENGTH, true))
        .then();
  }
}
