package org.p2psip.hostpeer.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.HashAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Everything an operator can set on a host peer, under {@code p2psip.host-peer}. Defaults suit a
 * development machine; docs/host-peer.md lists them with advice for production.
 *
 * @param bindAddress address the client-protocol listener binds
 * @param port client-protocol TCP port (docs/protocol.md: SEP's port; 6084 here)
 * @param advertisedAddress address put in Destination Peer Info; the bind address when it is a
 *     concrete one, else the loopback address
 * @param peerId this peer's Node-ID as 32 hex digits; random at each start when empty
 */
@ConfigurationProperties("p2psip.host-peer")
public record HostPeerProperties(
    @DefaultValue("0.0.0.0") String bindAddress,
    @DefaultValue("6084") int port,
    @Nullable String advertisedAddress,
    @Nullable String peerId,
    @DefaultValue Overlay overlay,
    @DefaultValue Tls tls,
    @DefaultValue Auth auth,
    @DefaultValue Limits limits,
    @DefaultValue Records records,
    @DefaultValue Load load,
    @DefaultValue Notifications notifications,
    @DefaultValue Trust trust) {

  /**
   * The overlay this peer serves (a Join naming another is refused, 409) and, when {@code enabled},
   * its membership in the host peers' ring: the settings of docs/peer-protocol.md 8.3 under these
   * names. Off by default while the client side does not yet go through the ring.
   *
   * @param enabled run the peer protocol on {@code port} and join the ring
   * @param bootstrap peer addresses ({@code host:port}) to join through
   * @param seed form a ring alone when no bootstrap peer answers within {@code bootstrapTimeout}
   * @param advertisedAddress address other peers reach this one at; the bind address by default
   * @param insecureDevelopment run the peer port without TLS, Node-IDs asserted, not verified
   * @param tlsBundle Spring SSL bundle with this peer's host-peer certificate and the peer CA
   * @param cacheTtl how long a routed Get's answer serves this peer's clients (6)
   * @param repairRate bytes per second of repair and handover DATA to one peer (5.7)
   * @param handoverGrace versions outside the replica range are dropped only once it has not
   *     changed for this long, and only after the responsible peer holds them (5.8)
   */
  public record Overlay(
      @DefaultValue("overlay.example.org") String name,
      @DefaultValue("1") int id,
      @DefaultValue("SHA1") HashAlgorithm hashAlgorithm,
      @DefaultValue("false") boolean enabled,
      @DefaultValue("6094") int port,
      @DefaultValue List<String> bootstrap,
      @DefaultValue("false") boolean seed,
      @DefaultValue("10s") Duration bootstrapTimeout,
      @Nullable String advertisedAddress,
      @DefaultValue("3") int replicationFactor,
      @DefaultValue("2") int writeQuorum,
      @DefaultValue("4") int listSize,
      @DefaultValue("32") int initialTtl,
      @DefaultValue("5s") Duration keepaliveInterval,
      @DefaultValue("3") int keepaliveMissed,
      @DefaultValue("10s") Duration stabilizeInterval,
      @DefaultValue("1s") Duration fingerInterval,
      @DefaultValue("60s") Duration repairInterval,
      @DefaultValue("10s") Duration requestTimeout,
      @DefaultValue("3s") Duration retransmitAfter,
      @DefaultValue("3s") Duration hopTimeout,
      @DefaultValue("2s") Duration replicaTimeout,
      @DefaultValue("60s") Duration joinTimeout,
      @DefaultValue("10s") Duration leaveTimeout,
      @DefaultValue("60s") Duration handoverGrace,
      @DefaultValue("4MB") DataSize repairRate,
      @DefaultValue("5s") Duration cacheTtl,
      @DefaultValue("30s") Duration maxClockSkew,
      @DefaultValue("65535") int maxMessageLength,
      @DefaultValue("256") int maxPeerConnections,
      @DefaultValue("64") int maxInFlightPerConnection,
      @DefaultValue("10000") int maxPendingForwards,
      @DefaultValue("false") boolean insecureDevelopment,
      @DefaultValue("host-peer-overlay") String tlsBundle) {}

  /**
   * TLS on the client-protocol port, with key and trust material from a Spring SSL bundle. The
   * bundle's trust store should hold the overlay CA only, so that a client certificate that
   * verifies was issued by the overlay.
   */
  public record Tls(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("host-peer") String bundle,
      @DefaultValue("NONE") ClientAuth clientAuth) {}

  /** Whether the TLS handshake asks for a client certificate. */
  public enum ClientAuth {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  /**
   * How a Join is authenticated. A client certificate from the overlay CA is accepted in every
   * mode; CERTIFICATE demands one; CHAP (or PAP over TLS) checks the account's key K in Redis;
   * NONE, for development, lets anyone join with a session-scoped random Node-ID.
   *
   * @param accountsRedisUrl the Redis holding the enrollment service's accounts, when it is not
   *     this peer's own (a ring member has a Redis of its own, docs/peer-protocol.md 5.1); only
   *     account keys are read there
   */
  public record Auth(
      @DefaultValue("NONE") AuthMode mode,
      @DefaultValue("30s") Duration challengeLifetime,
      @DefaultValue("false") boolean requireContributedStorage,
      @Nullable String accountsRedisUrl) {}

  /** Authentication modes of {@link Auth}. */
  public enum AuthMode {
    NONE,
    CERTIFICATE,
    CHAP
  }

  /** Protection of the peer from clients that send too much, too slowly, or not at all. */
  public record Limits(
      @DefaultValue("65535") int maxMessageLength,
      @DefaultValue("16") int maxInFlightPerConnection,
      @DefaultValue("20000") int maxConnections,
      @DefaultValue("10s") Duration joinTimeout,
      @DefaultValue("30s") Duration keepAliveInterval,
      @DefaultValue("3") int keepAliveMissed,
      @DefaultValue("2s") Duration storeTimeout) {

    /** How long a joined client may stay silent before it is dropped. */
    public Duration keepAliveExpiry() {
      return keepAliveInterval.multipliedBy(keepAliveMissed);
    }
  }

  /**
   * Limits on what clients store, and the in-process cache of reads ({@code nearCacheTtl}: how long
   * a write made through another peer may stay unseen here; 0 turns the cache off).
   */
  public record Records(
      @DefaultValue("3600s") Duration defaultLifetime,
      @DefaultValue("86400s") Duration maxLifetime,
      @DefaultValue("8192") int maxValueBytes,
      @DefaultValue("64") int maxObjectsPerResource,
      @DefaultValue("256") int maxObjectsPerClient,
      @DefaultValue("1048576") long maxBytesPerClient,
      @DefaultValue("1s") Duration nearCacheTtl,
      @DefaultValue("100000") int nearCacheEntries) {}

  /**
   * When the peer calls itself busy: more requests in flight than {@code busyInFlight}, or Redis
   * answering a ping slower than {@code busyRedisLatency}. Joins are deferred (410) while busy.
   *
   * @param maxJoinedClients beyond this many joined clients a Join is deferred (410) too, naming
   *     other host peers of the ring (docs/peer-protocol.md 7); 0: no limit
   */
  public record Load(
      @DefaultValue("1s") Duration checkInterval,
      @DefaultValue("5000") int busyInFlight,
      @DefaultValue("250ms") Duration busyRedisLatency,
      @DefaultValue("0") int maxJoinedClients) {}

  /**
   * What client certificates are checked against beyond the TLS handshake: the overlay CA's CRL and
   * the revocations the enrollment service announces ({@code GET /v1/revocations}), so that a
   * revoked certificate is refused at Join and its open sessions are closed within seconds.
   * Required whenever client certificates can be presented (TLS client auth other than NONE, or
   * CERTIFICATE mode): either {@code enrollmentUrl} or {@code caCertificate} (with an optional
   * {@code crl} file, re-read every {@code refresh}).
   *
   * @param enrollmentSslBundle SSL bundle whose trust store checks the enrollment service's TLS
   *     certificate; the JVM's default trust when empty
   */
  public record Trust(
      @Nullable Resource caCertificate,
      @Nullable Resource crl,
      @Nullable URI enrollmentUrl,
      @Nullable String enrollmentSslBundle,
      @DefaultValue("5m") Duration refresh) {}

  /** Notify sent to joined clients when the status changes. */
  public record Notifications(@DefaultValue("false") boolean suppressResponse) {}
}
