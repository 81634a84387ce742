package org.p2psip.hostpeer.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.p2psip.hostpeer.auth.AccountStore;
import org.p2psip.hostpeer.auth.ClientCertificateCheck;
import org.p2psip.hostpeer.auth.ClientCertificateHealthIndicator;
import org.p2psip.hostpeer.handler.GetHandler;
import org.p2psip.hostpeer.handler.InquireHandler;
import org.p2psip.hostpeer.handler.JoinHandler;
import org.p2psip.hostpeer.handler.KeepAliveHandler;
import org.p2psip.hostpeer.handler.LeaveHandler;
import org.p2psip.hostpeer.handler.LocalPeer;
import org.p2psip.hostpeer.handler.OtherHostPeers;
import org.p2psip.hostpeer.handler.PutHandler;
import org.p2psip.hostpeer.handler.Redirection;
import org.p2psip.hostpeer.handler.RemoveHandler;
import org.p2psip.hostpeer.handler.RequestHandler;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.server.HostPeerEndpoint;
import org.p2psip.hostpeer.server.HostPeerHealthIndicator;
import org.p2psip.hostpeer.server.HostPeerMetrics;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.hostpeer.server.RequestDispatcher;
import org.p2psip.hostpeer.session.SessionReaper;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.LoopFailures;
import org.p2psip.hostpeer.status.NotifyBroadcaster;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.hostpeer.status.RingMembership;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.trust.EnrollmentClients;
import org.p2psip.trust.OverlayTrust;
import org.p2psip.trust.TrustSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;

/** Wires the host peer: sessions, handlers, dispatcher, status and the TCP listener. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HostPeerProperties.class)
class HostPeerConfiguration {

  @Bean
  SessionRegistry sessionRegistry() {
    return new SessionRegistry();
  }

  @Bean
  LocalPeer localPeer(HostPeerProperties properties) throws UnknownHostException {
    HostPeerProperties.Overlay overlay = properties.overlay();
    Id128 peerId =
        properties.peerId() == null || properties.peerId().isBlank()
            ? Id128.random()
            : Id128.fromHex(properties.peerId());
    return new LocalPeer(
        peerId,
        new OverlayInfo(overlay.hashAlgorithm(), overlay.id(), overlay.name()),
        advertised(properties),
        properties.port());
  }

  private static InetAddress advertised(HostPeerProperties properties) throws UnknownHostException {
    if (properties.advertisedAddress() != null && !properties.advertisedAddress().isBlank()) {
      return InetAddress.getByName(properties.advertisedAddress());
    }
    InetAddress bind = InetAddress.getByName(properties.bindAddress());
    return bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind;
  }

  /** A ring member-to-be with the overlay (the overlay peer sets it), else always a member. */
  @Bean
  RingMembership ringMembership(HostPeerProperties properties) {
    return properties.overlay().enabled() ? RingMembership.notYet() : RingMembership.always();
  }

  @Bean
  PeerStatusMonitor peerStatusMonitor(
      ReactiveRedisConnectionFactory redis,
      SessionRegistry sessions,
      HostPeerProperties properties,
      MeterRegistry meters,
      RingMembership ringMembership) {
    return new PeerStatusMonitor(
        PeerStatusMonitor.redisPing(redis),
        sessions,
        properties.load(),
        properties.limits().storeTimeout(),
        new LoopFailures(meters, "peer-status"),
        Schedulers.parallel(),
        System::nanoTime,
        ringMembership);
  }

  @Bean
  NotifyBroadcaster notifyBroadcaster(
      SessionRegistry sessions, HostPeerProperties properties, MeterRegistry meters) {
    return new NotifyBroadcaster(
        sessions,
        properties.notifications().suppressResponse(),
        new LoopFailures(meters, "notify"));
  }

  @Bean
  HostPeerMetrics hostPeerMetrics(MeterRegistry registry, SessionRegistry sessions) {
    return new HostPeerMetrics(registry, sessions);
  }

  /**
   * Revocation of client certificates. Wherever a client certificate can be presented (TLS asking
   * for one, or CERTIFICATE mode) the overlay CRL must be known, so a missing trust setting stops
   * the peer here rather than letting revoked certificates in.
   */
  @Bean
  ClientCertificateCheck clientCertificateCheck(
      HostPeerProperties properties, SessionRegistry sessions, SslBundles sslBundles) {
    HostPeerProperties.Trust trust = properties.trust();
    TrustSettings settings =
        new TrustSettings(
            trust.caCertificate(), trust.crl(), trust.enrollmentUrl(), trust.refresh());
    boolean certificatesPossible =
        properties.auth().mode() == HostPeerProperties.AuthMode.CERTIFICATE
            || properties.tls().enabled()
                && properties.tls().clientAuth() != HostPeerProperties.ClientAuth.NONE;
    if (!settings.configured()) {
      if (certificatesPossible) {
        throw new IllegalStateException(
            "client certificates are accepted (auth.mode CERTIFICATE or tls.client-auth not NONE),"
                + " so their revocation must be checked: set p2psip.host-peer.trust.enrollment-url"
                + " (or trust.ca-certificate with trust.crl)");
      }
      return new ClientCertificateCheck(null, sessions);
    }
    WebClient enrollment = null;
    if (trust.caCertificate() == null) {
      String bundle = trust.enrollmentSslBundle();
      enrollment =
          EnrollmentClients.webClient(
              trust.enrollmentUrl(),
              bundle == null || bundle.isBlank()
                  ? null
                  : sslBundles.getBundle(bundle).getManagers().getTrustManagerFactory());
    }
    return new ClientCertificateCheck(new OverlayTrust(settings, enrollment), sessions);
  }

  @Bean("clientCertificatesHealthIndicator")
  ClientCertificateHealthIndicator clientCertificateHealthIndicator(
      ClientCertificateCheck check, HostPeerProperties properties) {
    return new ClientCertificateHealthIndicator(
        check, properties.auth().mode() == HostPeerProperties.AuthMode.CERTIFICATE);
  }

  @Bean
  RequestDispatcher requestDispatcher(
      LocalPeer peer,
      PeerStatusMonitor status,
      AccountStore accounts,
      ClientCertificateCheck certificates,
      RecordPlacement placement,
      HostPeerProperties properties,
      HostPeerMetrics metrics,
      SessionRegistry sessions,
      ObjectProvider<OtherHostPeers> otherHostPeers) {
    // with the overlay, a busy or full peer names others of the ring (docs/peer-protocol.md 7)
    Redirection redirection =
        new Redirection(
            otherHostPeers.getIfAvailable(() -> OtherHostPeers.NONE),
            sessions::joinedCount,
            properties.load().maxJoinedClients());
    Map<MessageType, RequestHandler> handlers =
        Map.of(
            MessageType.INQUIRE, new InquireHandler(peer, status, redirection),
            MessageType.JOIN,
                new JoinHandler(
                    peer,
                    status,
                    accounts,
                    certificates,
                    properties.auth(),
                    System::nanoTime,
                    redirection),
            MessageType.KEEPALIVE, new KeepAliveHandler(status),
            MessageType.LEAVE, new LeaveHandler(),
            MessageType.PUT, new PutHandler(placement, properties.records()),
            MessageType.GET, new GetHandler(placement),
            MessageType.REMOVE, new RemoveHandler(placement));
    return new RequestDispatcher(handlers, requestTimeout(properties), status, metrics);
  }

  /**
   * How long a client's request may take: the store timeout, or with the overlay the routed
   * request's timeout and a second more, so that the overlay's own 436 arrives first.
   */
  private static Duration requestTimeout(HostPeerProperties properties) {
    Duration store = properties.limits().storeTimeout();
    if (!properties.overlay().enabled()) {
      return store;
    }
    Duration routed = properties.overlay().requestTimeout().plusSeconds(2);
    return routed.compareTo(store) > 0 ? routed : store;
  }

  @Bean
  HostPeerServer hostPeerServer(
      HostPeerProperties properties,
      SslBundles sslBundles,
      SessionRegistry sessions,
      RequestDispatcher dispatcher,
      PeerStatusMonitor status,
      NotifyBroadcaster notifier,
      HostPeerMetrics metrics,
      LocalPeer localPeer,
      MeterRegistry meters) {
    SessionReaper reaper =
        new SessionReaper(
            sessions,
            properties.limits().joinTimeout(),
            properties.limits().keepAliveExpiry(),
            System::nanoTime,
            new LoopFailures(meters, "session-reaper"));
    return new HostPeerServer(
        properties,
        properties.tls().enabled() ? sslBundles.getBundle(properties.tls().bundle()) : null,
        sessions,
        reaper,
        dispatcher,
        status,
        notifier,
        metrics,
        localPeer);
  }

  @Bean
  HostPeerHealthIndicator hostPeerHealthIndicator(
      HostPeerServer server, SessionRegistry sessions, PeerStatusMonitor status) {
    return new HostPeerHealthIndicator(server, sessions, status);
  }

  @Bean
  HostPeerEndpoint hostPeerEndpoint(
      HostPeerServer server, SessionRegistry sessions, PeerStatusMonitor status) {
    return new HostPeerEndpoint(server, sessions, status);
  }
}
