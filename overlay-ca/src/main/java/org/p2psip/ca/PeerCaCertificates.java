package org.p2psip.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The peer CA's certificate (docs/peer-protocol.md 1, "Peer identity"): an intermediate CA signed
 * by the overlay CA that issues host-peer certificates and nothing else. Subject {@code
 * CN=<overlay> peer CA}; path length 0 (it certifies no further CA); key usage certificate and CRL
 * signing only; never valid beyond the overlay CA.
 */
public final class PeerCaCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PeerCaCertificates() {}

  /** The peer CA's name in {@code overlay}. */
  public static X500Name name(String overlay) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, overlay + " peer CA").build();
  }

  /**
   * A peer CA certificate for {@code peerCaKey}, signed by {@code overlayCa}, valid from {@code
   * notBefore} for {@code validity} (cut at the overlay CA's own end).
   */
  public static X509Certificate issue(
      CertificateAuthority overlayCa,
      PublicKey peerCaKey,
      String overlay,
      Instant notBefore,
      Duration validity) {
    Instant notAfter = notBefore.plus(validity);
    Instant rootEnd = overlayCa.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(rootEnd)) {
      notAfter = rootEnd;
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              overlayCa.certificate(),
              new BigInteger(127, RANDOM),
              Date.from(notBefore),
              Date.from(notAfter),
              name(overlay),
              peerCaKey);
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(peerCaKey))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(overlayCa.certificate()));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(CertificateIssuer.signatureAlgorithm(overlayCa))
                      .build(overlayCa.key())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("issuing the peer CA certificate failed", e);
    }
  }

  /** Whether {@code certificate} is a CA certificate signed by {@code overlayCa}'s key. */
  public static boolean issuedBy(X509Certificate certificate, CertificateAuthority overlayCa) {
    try {
      certificate.verify(overlayCa.certificate().getPublicKey());
      return certificate.getBasicConstraints() >= 0
          && certificate
              .getIssuerX500Principal()
              .equals(overlayCa.certificate().getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
