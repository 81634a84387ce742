package org.p2psip.enrollment.ca;

import org.p2psip.protocol.value.Id128;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The Node-IDs of host peers, claimed in the same keys as those of clients ({@code
 * enroll:node:{<hex>}}, value {@value #OWNER}) so that no client is ever given a host peer's
 * Node-ID nor a host peer a client's. A host peer keeps its Node-ID: a Node-ID already claimed by a
 * host peer may be certified again (a renewal, a new key for the same StatefulSet ordinal).
 */
public final class HostPeerNodeIds {

  static final String OWNER = "host-peer";

  private final ReactiveStringRedisTemplate redis;

  public HostPeerNodeIds(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /**
   * True when {@code nodeId} is (now) a host peer's; false when a client or conference holds it.
   */
  public Mono<Boolean> claim(Id128 nodeId) {
    String key = "enroll:node:{" + nodeId.hex() + "}";
    return redis
        .opsForValue()
        .setIfAbsent(key, OWNER)
        .flatMap(
            claimed ->
                claimed
                    ? Mono.just(true)
                    : redis.opsForValue().get(key).map(OWNER::equals).defaultIfEmpty(false));
  }
}
