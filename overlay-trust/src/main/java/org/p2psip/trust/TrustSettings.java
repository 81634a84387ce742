package org.p2psip.trust;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;

/**
 * Where the overlay CA and its CRL come from: files ({@code caCertificate} PEM, optional {@code
 * crl} DER or PEM), or the enrollment service ({@code enrollmentUrl}: {@code GET /v1/ca}, {@code
 * GET /crl} and the revocations as they happen, {@code GET /v1/revocations}); re-read every {@code
 * refresh}, and at once when a revocation is announced.
 *
 * @param caCertificate the overlay CA certificate (PEM); when set, files are used
 * @param crl the CA's CRL (DER or PEM); optional
 * @param enrollmentUrl base URL of the enrollment service, used when no file is configured
 * @param refresh how often the CA certificate and CRL are re-read (the fallback when announcements
 *     are lost)
 */
public record TrustSettings(
    @Nullable Resource caCertificate,
    @Nullable Resource crl,
    @Nullable URI enrollmentUrl,
    Duration refresh) {

  public TrustSettings {
    if (refresh == null || refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("the trust refresh interval must be positive");
    }
  }

  /** Whether anything is configured at all. */
  public boolean configured() {
    return caCertificate != null || enrollmentUrl != null;
  }
}
