package org.p2psip.hostpeer.server;

import java.util.Map;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/hostpeer}: the peer's state, and drain for operators. Draining makes the peer
 * report busy: joined clients get a Notify and move to another peer, new Joins are deferred (410).
 * Drain before a rolling restart; undrain to take clients again.
 */
@Endpoint(id = "hostpeer")
public final class HostPeerEndpoint {

  private final HostPeerServer server;
  private final SessionRegistry sessions;
  private final PeerStatusMonitor status;

  public HostPeerEndpoint(
      HostPeerServer server, SessionRegistry sessions, PeerStatusMonitor status) {
    this.server = server;
    this.sessions = sessions;
    this.status = status;
  }

  @ReadOperation
  public Map<String, Object> state() {
    return Map.of(
        "port", server.port(),
        "connections", sessions.size(),
        "joined", sessions.joinedCount(),
        "inFlight", sessions.totalInFlight().get(),
        "status", status.current().name(),
        "draining", status.draining(),
        "redisLatencyMicros", status.lastRedisLatency().toNanos() / 1000);
  }

  @WriteOperation
  public Map<String, Object> drain(boolean drain) {
    status.drain(drain);
    return state();
  }
}
