package org.p2psip.hostpeer.auth;

import org.p2psip.trust.TrustMaterial;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * {@code clientCertificates}: whether the overlay CA and CRL have been read, so that certificate
 * Joins are decided (until then they are deferred with 410). A peer that admits clients only by
 * certificate is OUT_OF_SERVICE until then, since it can admit nobody; one that also takes CHAP or
 * NONE stays UP and says it is waiting.
 */
public final class ClientCertificateHealthIndicator implements ReactiveHealthIndicator {

  private final ClientCertificateCheck check;
  private final boolean certificatesOnly;

  public ClientCertificateHealthIndicator(ClientCertificateCheck check, boolean certificatesOnly) {
    this.check = check;
    this.certificatesOnly = certificatesOnly;
  }

  @Override
  public Mono<Health> health() {
    if (!check.checking()) {
      return Mono.just(
          Health.up().withDetail("revocation", "not checked: no certificates").build());
    }
    TrustMaterial material = check.material();
    if (material == null) {
      return Mono.just(
          Health.status(certificatesOnly ? Status.OUT_OF_SERVICE : Status.UP)
              .withDetail("revocation", "waiting for the overlay CA and CRL")
              .build());
    }
    return Mono.just(
        Health.up()
            .withDetail("ca", material.ca().getSubjectX500Principal().getName())
            .withDetail("crlRevocations", material.crlRevocations())
            .withDetail("announcedRevocations", material.announced().size())
            .build());
  }
}
