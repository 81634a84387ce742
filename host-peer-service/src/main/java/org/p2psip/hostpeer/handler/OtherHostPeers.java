package org.p2psip.hostpeer.handler;

import org.p2psip.protocol.attribute.ServicePeerInfo;
import reactor.core.publisher.Mono;

/**
 * Other host peers a client may join instead of this one (docs/peer-protocol.md 7): from the ring's
 * routing state, Status good, with their client addresses. Empty without the overlay, or when none
 * is known.
 */
@FunctionalInterface
public interface OtherHostPeers {

  OtherHostPeers NONE = max -> Mono.empty();

  /** Up to {@code max} of them, as a Service Peer Info of type 3; empty when there are none. */
  Mono<ServicePeerInfo> find(int max);
}
