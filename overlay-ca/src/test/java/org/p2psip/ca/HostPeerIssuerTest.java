package org.p2psip.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.TestPki;

/**
 * The peer CA and the host-peer certificates it issues, with real crypto: chains checked by the
 * JDK's PKIX validator, the extensions present, and every bad request refused.
 */
class HostPeerIssuerTest {

  private static final String OVERLAY = "overlay.test";

  private final TestPki root;
  private final CertificateAuthority overlayCa;
  private final CertificateAuthority peerCa;
  private final HostPeerIssuer issuer;

  HostPeerIssuerTest() throws Exception {
    root = new TestPki("Overlay CA");
    overlayCa = new CertificateAuthority(root.ca.keys().getPrivate(), root.ca.certificate());
    KeyPair peerCaKeys = TestPki.p256();
    peerCa =
        new CertificateAuthority(
            peerCaKeys.getPrivate(),
            PeerCaCertificates.issue(
                overlayCa,
                peerCaKeys.getPublic(),
                OVERLAY,
                Instant.now().minusSeconds(60),
                Duration.ofDays(3650)));
    issuer =
        new HostPeerIssuer(
            peerCa, OVERLAY, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofDays(90));
  }

  static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
    CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
  }

  static byte[] csr(KeyPair keys, GeneralName... names) throws Exception {
    JcaPKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(""), keys.getPublic());
    if (names.length > 0) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
        .getEncoded();
  }

  @Test
  void thePeerCaIsAnIntermediateOfPathLengthZeroSignedByTheOverlayCa() throws Exception {
    X509Certificate certificate = peerCa.certificate();
    certificate.verify(root.ca.certificate().getPublicKey());
    assertThat(certificate.getSubjectX500Principal().getName())
        .isEqualTo("CN=overlay.test peer CA");
    assertThat(certificate.getBasicConstraints()).isZero();
    boolean[] usage = certificate.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(certificate.getNotAfter()).isBeforeOrEqualTo(root.ca.certificate().getNotAfter());
    assertThat(PeerCaCertificates.issuedBy(certificate, overlayCa)).isTrue();
    assertThat(PeerCaCertificates.issuedBy(root.ca.certificate(), peerCa)).isFalse();
    validate(List.of(certificate), root.ca.certificate());
  }

  @Test
  void aHostPeerCertificateChainsThroughThePeerCaToTheOverlayCa() throws Exception {
    KeyPair keys = TestPki.p256();
    Id128 nodeId = Id128.random();
    X509Certificate certificate =
        issuer.issue(
            PeerCertificateRequest.fromCsr(
                new PKCS10CertificationRequest(csr(keys)), nodeId, Duration.ofHours(6)));

    validate(List.of(certificate, peerCa.certificate()), root.ca.certificate());
    validate(List.of(certificate), peerCa.certificate());
    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(peerCa.certificate().getSubjectX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName()).isEmpty();
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "reload://" + nodeId.hex() + "@" + OVERLAY + "/"));
    assertThat(certificate.getCriticalExtensionOIDs())
        .contains(Extension.subjectAlternativeName.getId());
    assertThat(certificate.getExtendedKeyUsage())
        .containsExactlyInAnyOrder(
            KeyPurposeId.id_kp_serverAuth.getId(), KeyPurposeId.id_kp_clientAuth.getId());
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
    assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    Duration valid =
        Duration.between(
            certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    assertThat(valid).isEqualTo(Duration.ofHours(6).plusMinutes(5));
  }

  @Test
  void aHostPeerCertificateIsNeverValidBeyondThePeerCa() throws Exception {
    // the test root, and so the peer CA, is valid for a day
    X509Certificate certificate =
        issuer.issue(
            PeerCertificateRequest.of(
                TestPki.p256().getPublic(), Id128.random(), Duration.ofDays(30)));
    assertThat(certificate.getNotAfter()).isEqualTo(peerCa.certificate().getNotAfter());
  }

  @Test
  void aBarePublicKeyGetsTheSameCertificate() throws Exception {
    KeyPair keys = TestPki.p256();
    Id128 nodeId = Id128.random();
    X509Certificate certificate =
        issuer.issue(PeerCertificateRequest.of(keys.getPublic(), nodeId, Duration.ofDays(1)));
    validate(List.of(certificate, peerCa.certificate()), root.ca.certificate());
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "reload://" + nodeId.hex() + "@" + OVERLAY + "/"));
  }

  @Test
  void aClientCertificateDoesNotChainToThePeerCa() throws Exception {
    X509Certificate client =
        new CertificateIssuer(overlayCa, OVERLAY, Clock.systemUTC(), Duration.ofMinutes(5))
            .issue(
                TestPki.p256().getPublic(),
                "alice@example.org",
                List.of(Id128.random()),
                Duration.ofDays(1));
    validate(List.of(client), root.ca.certificate());
    assertThatThrownBy(() -> validate(List.of(client), peerCa.certificate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void aPeerCaCertificateIsNeverValidBeyondTheOverlayCa() throws Exception {
    X509Certificate certificate =
        PeerCaCertificates.issue(
            overlayCa,
            TestPki.p256().getPublic(),
            OVERLAY,
            Instant.now(),
            Duration.ofDays(100_000));
    assertThat(certificate.getNotAfter()).isEqualTo(root.ca.certificate().getNotAfter());
  }

  @Test
  void nodeIdZeroIsRefused() throws Exception {
    PeerCertificateRequest request =
        PeerCertificateRequest.of(
            TestPki.p256().getPublic(), Id128.of(new byte[Id128.LENGTH]), Duration.ofDays(1));
    assertThatThrownBy(() -> issuer.issue(request))
        .isInstanceOf(PeerRequestRefused.class)
        .hasMessageContaining("Node-ID 0");
  }

  @Test
  void aUserNameAskedForInTheCsrIsRefused() throws Exception {
    KeyPair keys = TestPki.p256();
    PeerCertificateRequest request =
        PeerCertificateRequest.fromCsr(
            new PKCS10CertificationRequest(
                csr(keys, new GeneralName(GeneralName.rfc822Name, "alice@example.org"))),
            Id128.random(),
            Duration.ofDays(1));
    assertThatThrownBy(() -> issuer.issue(request))
        .isInstanceOf(PeerRequestRefused.class)
        .hasMessageContaining("no user");
  }

  @Test
  void anyNameButItsOwnNodeIdUriIsRefusedAndItsOwnIsAccepted() throws Exception {
    KeyPair keys = TestPki.p256();
    Id128 nodeId = Id128.random();
    PeerCertificateRequest other =
        PeerCertificateRequest.fromCsr(
            new PKCS10CertificationRequest(
                csr(
                    keys,
                    new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        "reload://" + Id128.random().hex() + "@" + OVERLAY + "/"))),
            nodeId,
            Duration.ofDays(1));
    assertThatThrownBy(() -> issuer.issue(other)).isInstanceOf(PeerRequestRefused.class);
    PeerCertificateRequest dns =
        PeerCertificateRequest.fromCsr(
            new PKCS10CertificationRequest(
                csr(keys, new GeneralName(GeneralName.dNSName, "peer.example.org"))),
            nodeId,
            Duration.ofDays(1));
    assertThatThrownBy(() -> issuer.issue(dns)).isInstanceOf(PeerRequestRefused.class);
    PeerCertificateRequest own =
        PeerCertificateRequest.fromCsr(
            new PKCS10CertificationRequest(
                csr(
                    keys,
                    new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        "reload://" + nodeId.hex() + "@" + OVERLAY + "/"))),
            nodeId,
            Duration.ofDays(1));
    assertThat(issuer.issue(own).getSubjectAlternativeNames()).hasSize(1);
  }

  @Test
  void aCsrWhoseSignatureDoesNotVerifyIsRefused() throws Exception {
    byte[] der = csr(TestPki.p256());
    der[der.length - 5] ^= 0x01; // inside the signature
    assertThatThrownBy(
            () ->
                PeerCertificateRequest.fromCsr(
                    new PKCS10CertificationRequest(der), Id128.random(), Duration.ofDays(1)))
        .isInstanceOf(PeerRequestRefused.class);
  }

  @Test
  void keysOtherThanP256AreRefused() throws Exception {
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    for (KeyPair keys : List.of(p384.generateKeyPair(), rsa.generateKeyPair())) {
      PeerCertificateRequest request =
          PeerCertificateRequest.of(keys.getPublic(), Id128.random(), Duration.ofDays(1));
      assertThatThrownBy(() -> issuer.issue(request))
          .as(keys.getPublic().getAlgorithm())
          .isInstanceOf(PeerRequestRefused.class)
          .hasMessageContaining("P-256");
    }
  }

  @Test
  void aValidityBeyondTheMaximumOrNotPositiveIsRefused() throws Exception {
    for (Duration validity : List.of(Duration.ofDays(91), Duration.ZERO, Duration.ofDays(-1))) {
      PeerCertificateRequest request =
          PeerCertificateRequest.of(TestPki.p256().getPublic(), Id128.random(), validity);
      assertThatThrownBy(() -> issuer.issue(request))
          .as(validity.toString())
          .isInstanceOf(PeerRequestRefused.class);
    }
    assertThat(
            issuer
                .issue(
                    PeerCertificateRequest.of(
                        TestPki.p256().getPublic(), Id128.random(), Duration.ofDays(90)))
                .getNotAfter())
        .isNotNull();
  }
}
