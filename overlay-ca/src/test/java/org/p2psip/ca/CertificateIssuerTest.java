package org.p2psip.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.TestPki;

/** What the overlay CA's issuing code produces: overlay certificates and signed CRLs. */
class CertificateIssuerTest {

  private static final String OVERLAY = "overlay.test";
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final TestPki root;
  private final CertificateAuthority ca;

  CertificateIssuerTest() throws Exception {
    root = new TestPki("Overlay CA");
    ca = new CertificateAuthority(root.ca.keys().getPrivate(), root.ca.certificate());
  }

  @Test
  void aCertificateNamesTheUserAndItsNodeIdsAndVerifiesWithTheCaKey() throws Exception {
    KeyPair subject = TestPki.p256();
    Id128 first = Id128.random();
    Id128 second = Id128.random();
    X509Certificate certificate =
        new CertificateIssuer(ca, OVERLAY, CLOCK, Duration.ofMinutes(5))
            .issue(
                subject.getPublic(),
                "alice@example.org",
                List.of(first, second),
                Duration.ofDays(30));

    certificate.verify(root.ca.certificate().getPublicKey());
    assertThat(certificate.getPublicKey()).isEqualTo(subject.getPublic());
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(root.ca.certificate().getSubjectX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName()).isEmpty();
    assertThat(certificate.getCriticalExtensionOIDs())
        .contains(Extension.subjectAlternativeName.getId());
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(
            List.of(1, "alice@example.org"),
            List.of(6, "reload://" + first.hex() + "@" + OVERLAY + "/"),
            List.of(6, "reload://" + second.hex() + "@" + OVERLAY + "/"));
    assertThat(CertificateIdentity.of(certificate))
        .isEqualTo(new CertificateIdentity("alice@example.org", List.of(first, second), OVERLAY));
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(certificate.getSerialNumber().signum()).isPositive();
  }

  @Test
  void theCaCertifiesCanonicalUserNamesOnly() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer(ca, OVERLAY, CLOCK, Duration.ZERO);
    KeyPair subject = TestPki.p256();
    for (String name :
        List.of("Alice@example.org", "sip:alice@example.org", " alice@example.org")) {
      assertThatThrownBy(
              () ->
                  issuer.issue(
                      subject.getPublic(), name, List.of(Id128.random()), Duration.ofDays(1)))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aCrlListsTheGivenSerialsUnderTheGivenNumber() throws Exception {
    BigInteger revoked = new BigInteger("123456789abcdef", 16);
    BigInteger alsoRevoked = BigInteger.TWO;
    X509CRL crl =
        new CrlIssuer(ca, Duration.ofHours(1), CLOCK)
            .sign(
                List.of(
                    new RevokedCertificate(
                        revoked, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1))),
                    new RevokedCertificate(
                        alsoRevoked, NOW.minusSeconds(30), NOW.plus(Duration.ofDays(2)))),
                BigInteger.valueOf(42));

    crl.verify(root.ca.certificate().getPublicKey());
    assertThat(crl.getIssuerX500Principal())
        .isEqualTo(root.ca.certificate().getSubjectX500Principal());
    assertThat(crl.getRevokedCertificates()).hasSize(2);
    assertThat(crl.getRevokedCertificate(revoked).getRevocationDate().toInstant())
        .isEqualTo(NOW.minusSeconds(60));
    assertThat(crl.getRevokedCertificate(alsoRevoked)).isNotNull();
    assertThat(crl.getRevokedCertificate(BigInteger.TEN)).isNull();
    assertThat(
            CRLNumber.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(
                        crl.getExtensionValue(Extension.cRLNumber.getId())))
                .getCRLNumber())
        .isEqualTo(BigInteger.valueOf(42));
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void aOneOffCrlIsNumberedByTheEpochMillisecond() throws Exception {
    X509CRL crl = new CrlIssuer(ca, Duration.ofHours(1), CLOCK).sign(List.of());

    crl.verify(root.ca.certificate().getPublicKey());
    assertThat(crl.getRevokedCertificates()).isNull();
    assertThat(
            CRLNumber.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(
                        crl.getExtensionValue(Extension.cRLNumber.getId())))
                .getCRLNumber())
        .isEqualTo(BigInteger.valueOf(NOW.toEpochMilli()));
  }
}
