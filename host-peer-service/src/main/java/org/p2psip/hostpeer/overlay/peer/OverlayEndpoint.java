package org.p2psip.hostpeer.overlay.peer;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import reactor.core.publisher.Mono;

/**
 * {@code GET /actuator/overlay}: the ring as this host peer sees it (docs/peer-protocol.md 3.2).
 */
@Endpoint(id = "overlay")
public final class OverlayEndpoint {

  private final OverlayPeer peer;

  public OverlayEndpoint(OverlayPeer peer) {
    this.peer = peer;
  }

  @ReadOperation
  public Mono<Map<String, Object>> ring() {
    return peer.view();
  }
}
