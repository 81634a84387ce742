package org.p2psip.hostpeer.overlay.transport;

import java.time.Duration;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerResponses;

/**
 * What the peer port needs (docs/peer-protocol.md 8.2, 8.3). The service maps its {@code
 * p2psip.host-peer.overlay.*} properties onto this record.
 *
 * @param bindAddress address the peer port listens on
 * @param port peer port (6094); 0 picks an ephemeral port (tests)
 * @param advertisedHost address other peers reach this one at, written into its Peer Info
 * @param tlsEnabled TLS with peer certificates (the default outside development; not built yet)
 * @param insecureDevelopment required to run without TLS: Node-IDs are then asserted, unverified
 * @param maxMessageLength larger messages are read, discarded and answered 433
 * @param maxPeerConnections accepted connections beyond it are closed at once
 * @param initialTtl TTL of the answers this transport writes itself
 * @param connectTimeout TCP connect plus handshake answer, for connections this peer opens
 * @param handshakeTimeout how long an accepted connection may stay without a handshake
 * @param maxInFlightPerConnection requests of one connection in progress (forwarded or served);
 *     beyond it a new request on it gets 403/6 (responses are always read)
 * @param requestTimeout after it a request no answer was written for no longer counts as in
 *     progress (a forwarded request may be dropped without an answer, 3.5)
 */
public record TransportSettings(
    String bindAddress,
    int port,
    String advertisedHost,
    boolean tlsEnabled,
    boolean insecureDevelopment,
    int maxMessageLength,
    int maxPeerConnections,
    int initialTtl,
    Duration connectTimeout,
    Duration handshakeTimeout,
    int maxInFlightPerConnection,
    Duration requestTimeout) {

  public TransportSettings {
    if (!tlsEnabled && !insecureDevelopment) {
      throw new IllegalArgumentException(
          "the peer port runs without TLS only with insecure-development set");
    }
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxPeerConnections < 1) {
      throw new IllegalArgumentException("max peer connections must be positive");
    }
    if (maxInFlightPerConnection < 1) {
      throw new IllegalArgumentException("max in-flight requests per connection must be positive");
    }
  }

  /** The same settings with another {@code max-peer-connections}. */
  public TransportSettings withMaxPeerConnections(int max) {
    return new TransportSettings(
        bindAddress,
        port,
        advertisedHost,
        tlsEnabled,
        insecureDevelopment,
        maxMessageLength,
        max,
        initialTtl,
        connectTimeout,
        handshakeTimeout,
        maxInFlightPerConnection,
        requestTimeout);
  }

  /** The same settings with another {@code max-in-flight-per-connection}. */
  public TransportSettings withMaxInFlightPerConnection(int max) {
    return new TransportSettings(
        bindAddress,
        port,
        advertisedHost,
        tlsEnabled,
        insecureDevelopment,
        maxMessageLength,
        maxPeerConnections,
        initialTtl,
        connectTimeout,
        handshakeTimeout,
        max,
        requestTimeout);
  }

  /** Development mode (no TLS, asserted Node-IDs) with the defaults of 8.3. */
  public static TransportSettings development(String bindAddress, int port) {
    return defaults(bindAddress, port, false);
  }

  /** TLS with peer certificates, with the defaults of 8.3. */
  public static TransportSettings secured(String bindAddress, int port) {
    return defaults(bindAddress, port, true);
  }

  private static TransportSettings defaults(String bindAddress, int port, boolean tls) {
    return new TransportSettings(
        bindAddress,
        port,
        bindAddress,
        tls,
        !tls,
        Message.MAX_LENGTH,
        256,
        PeerResponses.DEFAULT_INITIAL_TTL,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        64,
        Duration.ofSeconds(10));
  }
}
