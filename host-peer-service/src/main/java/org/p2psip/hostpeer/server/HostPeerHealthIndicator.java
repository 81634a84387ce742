package org.p2psip.hostpeer.server;

import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Health of the client-protocol listener: UP while it is bound, with the port, connections, joined
 * sessions and the status clients are told. (Redis has its own indicator.)
 */
public final class HostPeerHealthIndicator implements ReactiveHealthIndicator {

  private final HostPeerServer server;
  private final SessionRegistry sessions;
  private final PeerStatusMonitor status;

  public HostPeerHealthIndicator(
      HostPeerServer server, SessionRegistry sessions, PeerStatusMonitor status) {
    this.server = server;
    this.sessions = sessions;
    this.status = status;
  }

  @Override
  public Mono<Health> health() {
    Health.Builder builder = server.isRunning() ? Health.up() : Health.down();
    return Mono.just(
        builder
            .withDetail("port", server.port())
            .withDetail("connections", sessions.size())
            .withDetail("joined", sessions.joinedCount())
            .withDetail("peerStatus", status.current().name())
            .withDetail("draining", status.draining())
            .build());
  }
}
