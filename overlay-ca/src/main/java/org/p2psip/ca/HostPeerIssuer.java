package org.p2psip.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.p2psip.protocol.reload.CertificateIdentity;

/**
 * Issues host-peer certificates from the peer CA (docs/peer-protocol.md 1): the request passes
 * {@link PeerRequestRules} first, then the certificate has an empty subject, one critical
 * subject-alternative name {@code reload://<node-id>@<overlay>/} and no user name, a random 127-bit
 * serial, digital-signature and key-agreement use, extended key usage server and client auth (both
 * ends of a peer connection present it); valid from {@code backdate} ago for the requested
 * validity, never beyond the peer CA's own end.
 */
public final class HostPeerIssuer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CertificateAuthority peerCa;
  private final String overlay;
  private final Clock clock;
  private final Duration backdate;
  private final List<PeerRequestRule> rules;

  public HostPeerIssuer(
      CertificateAuthority peerCa,
      String overlay,
      Clock clock,
      Duration backdate,
      Duration maxValidity) {
    this.peerCa = peerCa;
    this.overlay = overlay;
    this.clock = clock;
    this.backdate = backdate;
    this.rules = PeerRequestRules.all(overlay, maxValidity);
  }

  /**
   * @throws PeerRequestRefused when the request breaks a rule
   */
  public X509Certificate issue(PeerCertificateRequest request) {
    Optional<String> problem = PeerRequestRules.firstProblem(rules, request);
    if (problem.isPresent()) {
      throw new PeerRequestRefused(problem.get());
    }
    Instant now = clock.instant();
    Instant notAfter = now.plus(request.validity());
    Instant caEnd = peerCa.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caEnd)) {
      notAfter = caEnd;
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              peerCa.certificate(),
              new BigInteger(127, RANDOM),
              Date.from(now.minus(backdate)),
              Date.from(notAfter),
              new X500Name(""),
              request.key());
      builder
          .addExtension(
              Extension.subjectAlternativeName,
              true,
              new GeneralNames(
                  new GeneralName(
                      GeneralName.uniformResourceIdentifier,
                      CertificateIdentity.reloadUri(request.nodeId(), overlay))))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(
                  new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                  }))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(peerCa.certificate()))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(request.key()));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(CertificateIssuer.signatureAlgorithm(peerCa))
                      .build(peerCa.key())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("issuing a host-peer certificate failed", e);
    }
  }
}
