package org.p2psip.registry.trust;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/**
 * What a write is checked against: the overlay CA's certificate and, when one is published, its
 * certificate revocation list (already verified to be signed by that CA).
 */
public record TrustMaterial(X509Certificate ca, X509CRL crl) {

  public boolean revoked(X509Certificate certificate) {
    return crl != null && crl.isRevoked(certificate);
  }
}
