package org.p2psip.hostpeer.auth;

import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.trust.OverlayTrust;
import org.p2psip.trust.TrustMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Revocation for client certificates, which the TLS handshake only checks against the CA: a revoked
 * certificate is refused at Join, and whenever the trust material changes (a new CRL, or a
 * revocation the enrollment service announced) every open session whose certificate is now revoked
 * is closed. Without trust material (none configured, which the configuration allows only where no
 * certificate can ever be presented) every certificate is {@link Verdict#UNKNOWN}.
 */
public final class ClientCertificateCheck implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClientCertificateCheck.class);

  /** What is known of a certificate now. */
  public enum Verdict {
    GOOD,
    REVOKED,
    /** No CRL read yet: neither accepted nor refused for good (the client may retry). */
    UNKNOWN
  }

  private final @Nullable OverlayTrust trust;
  private final SessionRegistry sessions;
  private volatile @Nullable Disposable watching;

  /**
   * @param trust null when no certificate can be presented to this peer
   */
  public ClientCertificateCheck(@Nullable OverlayTrust trust, SessionRegistry sessions) {
    this.trust = trust;
    this.sessions = sessions;
  }

  /** The material certificates are checked against now: null before the first read or without. */
  public @Nullable TrustMaterial material() {
    return trust == null ? null : trust.loaded();
  }

  /** Whether revocation is checked at all (a trust setting is configured). */
  public boolean checking() {
    return trust != null;
  }

  public Mono<Verdict> check(@Nullable X509Certificate certificate) {
    if (trust == null || certificate == null) {
      return Mono.just(Verdict.UNKNOWN);
    }
    return trust
        .current()
        .map(material -> material.revoked(certificate) ? Verdict.REVOKED : Verdict.GOOD)
        .onErrorReturn(OverlayTrust.TrustUnavailableException.class, Verdict.UNKNOWN);
  }

  /** Closes the open sessions whose certificate {@code material} says is revoked. */
  void closeRevoked(TrustMaterial material) {
    for (Session session : sessions.all()) {
      X509Certificate certificate = session.clientCertificate();
      if (certificate != null && material.revoked(certificate)) {
        log.warn(
            "{}: closed, its certificate {} ({}) is revoked",
            session,
            certificate.getSerialNumber().toString(16),
            session.certificate().userName());
        session.close();
      }
    }
  }

  @Override
  public void start() {
    if (trust == null) {
      return;
    }
    trust.start();
    watching =
        trust
            .changes()
            .subscribe(
                material -> {
                  try {
                    closeRevoked(material);
                  } catch (RuntimeException e) {
                    log.error("closing sessions of revoked certificates failed", e);
                  }
                });
  }

  @Override
  public void stop() {
    Disposable current = watching;
    if (current != null) {
      current.dispose();
    }
    if (trust != null) {
      trust.stop();
    }
  }

  @Override
  public boolean isRunning() {
    return trust != null && trust.isRunning();
  }
}
