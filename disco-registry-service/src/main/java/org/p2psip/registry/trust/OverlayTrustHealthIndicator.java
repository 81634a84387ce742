package org.p2psip.registry.trust;

import org.p2psip.trust.OverlayTrust;
import org.p2psip.trust.TrustMaterial;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code overlayTrust} (the health contributor name drops the suffix): UP once the overlay CA (and
 * CRL, if any) has been read; OUT_OF_SERVICE before, when every write would be refused (reads still
 * work).
 */
@Component("overlayTrustHealthIndicator")
public final class OverlayTrustHealthIndicator implements ReactiveHealthIndicator {

  private final OverlayTrust trust;

  public OverlayTrustHealthIndicator(OverlayTrust trust) {
    this.trust = trust;
  }

  @Override
  public Mono<Health> health() {
    TrustMaterial material = trust.loaded();
    if (material == null) {
      return Mono.just(
          Health.status(Status.OUT_OF_SERVICE)
              .withDetail("reason", "the overlay CA certificate has not been read yet")
              .build());
    }
    return Mono.just(
        Health.up()
            .withDetail("ca", material.ca().getSubjectX500Principal().getName())
            .withDetail("revoked", material.crlRevocations())
            .withDetail("announcedRevocations", material.announced().size())
            .withDetail("crl", material.crl() != null)
            .build());
  }
}
