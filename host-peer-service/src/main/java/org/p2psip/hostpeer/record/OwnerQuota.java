package org.p2psip.hostpeer.record;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The per-client limits (objects and bytes per owner, docs/protocol.md 2.1: 409/7, 409/8), counted
 * in this peer's Redis under the owner's key {@code hp:own:{owner}}. A host peer counts only what
 * its own clients publish through it (docs/peer-protocol.md 6): the peers that store the objects do
 * not check these limits.
 */
public final class OwnerQuota {

  private static final RedisScript<Long> RESERVE = script("owner-reserve");
  private static final RedisScript<Long> TOUCH = script("owner-touch");

  /** What {@link #reserve} found. */
  public enum Reservation {
    /** A new object was counted. */
    NEW,
    /** The same object (Resource-ID and hash) was counted already; its entry was renewed. */
    REPLACED,
    OBJECTS_EXCEEDED,
    BYTES_EXCEEDED
  }

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final HostPeerProperties.Records limits;

  public OwnerQuota(
      ReactiveRedisTemplate<String, byte[]> redis, HostPeerProperties.Records limits) {
    this.redis = redis;
    this.limits = limits;
  }

  private static RedisScript<Long> script(String name) {
    return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), Long.class);
  }

  /** Counts {@code object} to its owner for {@code lifetime}, unless a limit would be exceeded. */
  public Mono<Reservation> reserve(StoredObject object, Duration lifetime) {
    int size = object.content() == null ? 0 : object.content().length();
    return redis
        .execute(
            RESERVE,
            List.of(RedisKeys.owner(object.owner())),
            List.of(
                member(object.resourceId(), object.contentHash()),
                number(lifetime.toMillis()),
                number(size),
                number(limits.maxObjectsPerClient()),
                number(limits.maxBytesPerClient())))
        .next()
        .map(
            outcome ->
                switch (outcome.intValue()) {
                  case 1 -> Reservation.NEW;
                  case 2 -> Reservation.REPLACED;
                  case -1 -> Reservation.OBJECTS_EXCEEDED;
                  default -> Reservation.BYTES_EXCEEDED;
                });
  }

  /**
   * Counts {@code object} to its owner, then stores it with {@code store} (told whether the object
   * is new to the count); a limit exceeded is the Put's outcome and nothing is stored.
   */
  public Mono<PutOutcome> reserveThen(
      StoredObject object, Duration lifetime, Function<Reservation, Mono<PutOutcome>> store) {
    return reserve(object, lifetime)
        .flatMap(
            reservation ->
                switch (reservation) {
                  case OBJECTS_EXCEEDED -> Mono.just(PutOutcome.OWNER_OBJECTS_EXCEEDED);
                  case BYTES_EXCEEDED -> Mono.just(PutOutcome.OWNER_BYTES_EXCEEDED);
                  case NEW, REPLACED -> store.apply(reservation);
                });
  }

  /** Moves the object's entry to a new expiry (ms since the epoch) after a refresh. */
  public Mono<Void> touch(Id128 resourceId, Id128 owner, Octets contentHash, long expiresAt) {
    return redis
        .execute(
            TOUCH,
            List.of(RedisKeys.owner(owner)),
            List.of(member(resourceId, contentHash), number(expiresAt)))
        .then();
  }

  /** The object no longer counts: removed, or not stored after all. */
  public Mono<Void> release(Id128 resourceId, Id128 owner, Octets contentHash) {
    return redis
        .opsForHash()
        .remove(RedisKeys.owner(owner), member(resourceId, contentHash))
        .then();
  }

  private static byte[] member(Id128 resourceId, Octets contentHash) {
    byte[] rid = resourceId.unsafeArray();
    byte[] hash = contentHash.unsafeArray();
    byte[] both = Arrays.copyOf(rid, rid.length + hash.length);
    System.arraycopy(hash, 0, both, rid.length, hash.length);
    return both;
  }

  private static byte[] number(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
