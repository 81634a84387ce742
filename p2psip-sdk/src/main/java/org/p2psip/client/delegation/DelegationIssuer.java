package org.p2psip.client.delegation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.value.Id128;

/**
 * What a conference owner does to let another overlay member act as a focus without handing it the
 * conference's key (docs/protocol-notes.md, "Focus delegation"): signs, with the conference
 * certificate's key, a short-lived certificate binding the member's public key and one of its
 * Node-IDs to the conference's user name.
 */
public final class DelegationIssuer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey conferenceKey;
  private final X509Certificate conference;
  private final Clock clock;

  public DelegationIssuer(PrivateKey conferenceKey, X509Certificate conference, Clock clock) {
    this.conferenceKey = conferenceKey;
    this.conference = conference;
    this.clock = clock;
  }

  /**
   * A delegation to {@code focus} (its overlay certificate) for its first Node-ID, valid from now
   * (to the second) for {@code validity}, but never beyond the conference certificate.
   *
   * @throws IllegalArgumentException for a validity that is not positive or longer than {@link
   *     FocusDelegation#MAX_VALIDITY}, or a focus certificate that names no Node-ID
   */
  public FocusDelegation issue(X509Certificate focus, Duration validity) {
    return issue(focus, CertificateIdentity.of(focus).nodeIds().get(0), validity);
  }

  /** The same for the focus's Node-ID {@code nodeId} (one of its certificate's). */
  public FocusDelegation issue(X509Certificate focus, Id128 nodeId, Duration validity) {
    if (validity.isNegative()
        || validity.isZero()
        || validity.compareTo(FocusDelegation.MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException(
          "a delegation is valid for more than 0 and at most "
              + FocusDelegation.MAX_VALIDITY.toHours()
              + " hours");
    }
    CertificateIdentity focusIdentity = CertificateIdentity.of(focus);
    if (!focusIdentity.nodeIds().contains(nodeId)) {
      throw new IllegalArgumentException(nodeId.hex() + " is not a Node-ID of that certificate");
    }
    String conferenceName = CertificateIdentity.of(conference).userName();
    Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = notBefore.plus(validity);
    if (notAfter.isAfter(conference.getNotAfter().toInstant())) {
      notAfter = conference.getNotAfter().toInstant();
    }
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              // X.509 wants an issuer name and the conference certificate's subject is empty: the
              // conference's user name, for people reading it; the chain is checked by key
              new X500NameBuilder().addRDN(BCStyle.CN, conferenceName).build(),
              new BigInteger(127, RANDOM).add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(""),
              focus.getPublicKey());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          // the names are all in the subject alternative names, so the (empty) subject is not
          // read: RFC 5280 4.2.1.6 makes the extension critical then
          .addExtension(
              Extension.subjectAlternativeName,
              true,
              new GeneralNames(
                  new GeneralName[] {
                    new GeneralName(GeneralName.rfc822Name, conferenceName),
                    new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        CertificateIdentity.reloadUri(nodeId, focusIdentity.overlayName()))
                  }))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(conference.getPublicKey()))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(focus.getPublicKey()));
      X509Certificate delegation =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder(signatureAlgorithm(conferenceKey))
                          .build(conferenceKey)));
      return new FocusDelegation(delegation, conference, focus);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a delegation: " + e.getMessage(), e);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new IllegalArgumentException(
              "a conference key is P-256 or Ed25519, not " + key.getAlgorithm());
    };
  }
}
