package org.p2psip.enrollment.overlay;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The signed configuration document every replica serves, in Redis ({@code
 * enroll:config-document:{overlay}}, docs/redis-layout.md): the digest of its content, its
 * sequence, expiration and landmarks version, and the document itself. Replaced with a
 * compare-and-set, so that of two replicas signing at once one wins and both serve its bytes.
 */
final class SignedDocuments {

  private static final RedisScript<Long> REPLACE =
      RedisScript.of(new ClassPathResource("redis/config-document.lua"), Long.class);
  private static final List<Object> FIELDS =
      List.of("digest", "sequence", "expires", "landmarks", "document");

  /**
   * What is stored; the raw {@code digest}, {@code sequence} and {@code expires} ("" where absent)
   * are what a replacement compares against.
   */
  record Stored(
      String digest, String sequence, String expires, long landmarks, @Nullable String document) {

    static final Stored NOTHING = new Stored("", "", "", 0, null);

    long sequenceNumber() {
      return sequence.isEmpty() ? 0 : Long.parseLong(sequence);
    }

    /** When the stored document expires; {@link Instant#MIN} without one. */
    Instant expiration() {
      return document == null || expires.isEmpty() ? Instant.MIN : Instant.parse(expires);
    }

    Signed signed() {
      return new Signed(document, sequenceNumber(), expiration());
    }
  }

  /** A signed document as served, with what a reader needs to know about it. */
  record Signed(String document, long sequence, Instant expiration) {}

  private final ReactiveStringRedisTemplate redis;
  private final String key;

  SignedDocuments(ReactiveStringRedisTemplate redis, String overlay) {
    this.redis = redis;
    this.key = "enroll:config-document:{" + overlay + "}";
  }

  Mono<Stored> read() {
    return redis
        .<Object, Object>opsForHash()
        .multiGet(key, FIELDS)
        .map(
            values ->
                new Stored(
                    text(values.get(0)),
                    text(values.get(1)),
                    text(values.get(2)),
                    values.get(3) == null ? 0 : Long.parseLong(values.get(3).toString()),
                    values.get(4) == null ? null : values.get(4).toString()))
        .defaultIfEmpty(Stored.NOTHING);
  }

  /** Stores {@code signed} unless what is stored is no longer {@code read}; true if stored. */
  Mono<Boolean> replace(Stored read, String digest, long landmarks, Signed signed) {
    return redis
        .execute(
            REPLACE,
            List.of(key),
            List.of(
                read.digest(),
                read.sequence(),
                read.expires(),
                digest,
                Long.toString(signed.sequence()),
                signed.expiration().toString(),
                Long.toString(landmarks),
                signed.document()))
        .next()
        .map(replaced -> replaced == 1L);
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }
}
