package org.p2psip.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Id128;

/**
 * Issues overlay certificates as RFC 6940 section 11.3 and docs/protocol.md 4.4 shape them: empty
 * subject; a critical subject-alternative-name extension (critical because the subject is empty)
 * holding the user name as rfc822Name and one {@code reload://<node-id>@<overlay>/} URI per
 * Node-ID; a random 127-bit serial; signature and key-agreement use, for TLS client and server.
 */
public final class CertificateIssuer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CertificateAuthority ca;
  private final String overlay;
  private final Clock clock;
  private final Duration backdate;

  public CertificateIssuer(
      CertificateAuthority ca, String overlay, Clock clock, Duration backdate) {
    this.ca = ca;
    this.overlay = overlay;
    this.clock = clock;
    this.backdate = backdate;
  }

  /**
   * @param userName a canonical user name ({@link UserNames}): the CA certifies no other, so that
   *     no certificate can name a second identity for someone else's Resource-ID
   * @throws IllegalArgumentException for any other user name
   */
  public X509Certificate issue(
      PublicKey subjectKey, String userName, List<Id128> nodeIds, Duration validity) {
    if (!UserNames.isCanonical(userName)) {
      throw new IllegalArgumentException(
          "the CA certifies canonical user names only, not " + userName);
    }
    Instant now = clock.instant();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              new BigInteger(127, RANDOM),
              Date.from(now.minus(backdate)),
              Date.from(now.plus(validity)),
              new X500Name(""),
              subjectKey);
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.rfc822Name, userName));
      for (Id128 nodeId : nodeIds) {
        names.add(
            new GeneralName(
                GeneralName.uniformResourceIdentifier,
                CertificateIdentity.reloadUri(nodeId, overlay)));
      }
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(
              Extension.subjectAlternativeName,
              true,
              new GeneralNames(names.toArray(GeneralName[]::new)))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(
                  KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(
                  new KeyPurposeId[] {
                    KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth
                  }))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(ca.certificate()))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(subjectKey));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(signatureAlgorithm(ca)).build(ca.key())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("issuing a certificate failed", e);
    }
  }

  /** The signature algorithm of the CA's key. */
  static String signatureAlgorithm(CertificateAuthority ca) {
    return switch (ca.key().getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalStateException("CA key type " + ca.key().getAlgorithm());
    };
  }
}
