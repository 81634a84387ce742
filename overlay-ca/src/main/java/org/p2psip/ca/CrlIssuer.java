package org.p2psip.ca;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs certificate revocation lists: every revoked, unexpired certificate; thisUpdate now,
 * nextUpdate after {@code validity}; the CRL number given (a shared counter: the enrollment
 * service's {@code SignedCrls}).
 */
public final class CrlIssuer {

  private final CertificateAuthority ca;
  private final Duration validity;
  private final Clock clock;

  public CrlIssuer(CertificateAuthority ca, Duration validity, Clock clock) {
    this.ca = ca;
    this.validity = validity;
    this.clock = clock;
  }

  public Duration validity() {
    return validity;
  }

  /** A CRL numbered by the epoch millisecond, for tests and tools that sign one-off CRLs. */
  public X509CRL sign(List<RevokedCertificate> revoked) {
    return sign(revoked, BigInteger.valueOf(clock.millis()));
  }

  public X509CRL sign(List<RevokedCertificate> revoked, BigInteger number) {
    Instant now = clock.instant();
    try {
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(
              X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
              Date.from(now));
      builder.setNextUpdate(Date.from(now.plus(validity)));
      for (RevokedCertificate entry : revoked) {
        builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), CRLReason.unspecified);
      }
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
      return new JcaX509CRLConverter()
          .getCRL(
              builder.build(
                  new JcaContentSignerBuilder(CertificateIssuer.signatureAlgorithm(ca))
                      .build(ca.key())));
    } catch (Exception e) {
      throw new IllegalStateException("signing the CRL failed", e);
    }
  }
}
