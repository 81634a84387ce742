package org.p2psip.trust;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a certificate is checked against: the overlay CA's certificate, its certificate revocation
 * list when one is published (already verified to be signed by that CA), and the serials announced
 * revoked since that CRL was read.
 */
public record TrustMaterial(X509Certificate ca, @Nullable X509CRL crl, Set<BigInteger> announced) {

  public TrustMaterial {
    announced = Set.copyOf(announced);
  }

  public TrustMaterial(X509Certificate ca, @Nullable X509CRL crl) {
    this(ca, crl, Set.of());
  }

  /** Whether {@code certificate} (issued by {@link #ca}) is revoked: on the CRL or announced. */
  public boolean revoked(X509Certificate certificate) {
    return announced.contains(certificate.getSerialNumber())
        || crl != null && crl.isRevoked(certificate);
  }

  /** How many revocations the CRL lists. */
  public int crlRevocations() {
    return crl == null || crl.getRevokedCertificates() == null
        ? 0
        : crl.getRevokedCertificates().size();
  }

  TrustMaterial withAnnounced(Set<BigInteger> serials) {
    return new TrustMaterial(ca, crl, serials);
  }
}
