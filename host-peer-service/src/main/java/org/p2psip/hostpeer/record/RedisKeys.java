package org.p2psip.hostpeer.record;

import org.p2psip.protocol.value.Id128;

/**
 * The host peer's Redis keys. The part in braces is the Redis Cluster hash tag: all keys of one
 * Resource-ID (its objects and their expiry index) share a slot, so one script can update them
 * atomically. Layout documented in docs/redis-layout.md.
 */
public final class RedisKeys {

  private RedisKeys() {}

  /** Hash: field = owner(16) | content hash(16), value = value type(2) | content. */
  public static String records(Id128 resourceId) {
    return "hp:rec:{" + resourceId.hex() + "}";
  }

  /** Sorted set: member = the field above, score = expiry in ms since the epoch (Redis clock). */
  public static String expiries(Id128 resourceId) {
    return "hp:exp:{" + resourceId.hex() + "}";
  }

  /** Hash: member = Resource-ID(16) | content hash(16), value = "expiry ms:size". */
  public static String owner(Id128 owner) {
    return "hp:own:{" + owner.hex() + "}";
  }
}
