package org.p2psip.hostpeer.overlay.peer;

import java.time.Duration;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.overlay.transport.TransportSettings;
import org.p2psip.overlay.node.OverlaySettings;
import org.p2psip.overlay.node.StorageLimits;
import org.p2psip.overlay.store.Lifetimes;
import org.p2psip.protocol.attribute.OverlayInfo;

/** The {@code p2psip.host-peer.*} properties as the overlay's plain settings records. */
final class OverlaySettingsMapping {

  /** How long a dead or departed peer is ignored (docs/peer-protocol.md 4.4, 4.5). */
  private static final long DEAD_PEER_IGNORE_MILLIS = 60_000;

  /** An accepted connection without a handshake is closed after this (4.1). */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  /** A connection this peer opens: TCP (and TLS) plus the handshake answer (3.4, 4.5). */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private OverlaySettingsMapping() {}

  static OverlayInfo overlayInfo(HostPeerProperties.Overlay overlay) {
    return new OverlayInfo(overlay.hashAlgorithm(), overlay.id(), overlay.name());
  }

  static OverlaySettings node(HostPeerProperties.Overlay overlay) {
    return new OverlaySettings(
        overlayInfo(overlay),
        overlay.seed(),
        overlay.bootstrapTimeout().toMillis(),
        overlay.replicationFactor(),
        overlay.writeQuorum(),
        overlay.listSize(),
        overlay.initialTtl(),
        overlay.keepaliveInterval().toMillis(),
        overlay.keepaliveMissed(),
        overlay.stabilizeInterval().toMillis(),
        overlay.fingerInterval().toMillis(),
        overlay.requestTimeout().toMillis(),
        overlay.retransmitAfter().toMillis(),
        overlay.hopTimeout().toMillis(),
        CONNECT_TIMEOUT.toMillis(),
        overlay.joinTimeout().toMillis(),
        overlay.leaveTimeout().toMillis(),
        DEAD_PEER_IGNORE_MILLIS,
        overlay.maxPendingForwards());
  }

  static StorageLimits storage(HostPeerProperties properties) {
    HostPeerProperties.Records records = properties.records();
    HostPeerProperties.Overlay overlay = properties.overlay();
    return new StorageLimits(
        records.maxValueBytes(),
        records.maxObjectsPerResource(),
        new Lifetimes(records.defaultLifetime().toSeconds(), records.maxLifetime().toSeconds()),
        overlay.replicaTimeout().toMillis(),
        overlay.maxClockSkew().toMillis(),
        overlay.repairInterval().toMillis(),
        overlay.handoverGrace().toMillis(),
        overlay.repairRate().toBytes());
  }

  static TransportSettings transport(HostPeerProperties properties, boolean tls) {
    HostPeerProperties.Overlay overlay = properties.overlay();
    String advertised =
        overlay.advertisedAddress() != null
            ? overlay.advertisedAddress()
            : properties.advertisedAddress() != null
                ? properties.advertisedAddress()
                : "0.0.0.0".equals(properties.bindAddress())
                    ? "127.0.0.1"
                    : properties.bindAddress();
    return new TransportSettings(
        properties.bindAddress(),
        overlay.port(),
        advertised,
        tls,
        overlay.insecureDevelopment(),
        overlay.maxMessageLength(),
        overlay.maxPeerConnections(),
        overlay.initialTtl(),
        CONNECT_TIMEOUT,
        HANDSHAKE_TIMEOUT,
        overlay.maxInFlightPerConnection(),
        overlay.requestTimeout());
  }
}
