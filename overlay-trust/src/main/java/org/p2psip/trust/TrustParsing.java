package org.p2psip.trust;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/** Reads CA certificates and CRLs (PEM or DER) and checks that a CRL belongs to the CA. */
public final class TrustParsing {

  private TrustParsing() {}

  public static X509Certificate certificate(byte[] pemOrDer) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pemOrDer));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  public static X509CRL crl(byte[] pemOrDer, X509Certificate ca) {
    try {
      X509CRL crl =
          (X509CRL)
              CertificateFactory.getInstance("X.509")
                  .generateCRL(new ByteArrayInputStream(pemOrDer));
      crl.verify(ca.getPublicKey());
      if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
        throw new IllegalArgumentException("the CRL names another issuer than the overlay CA");
      }
      return crl;
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          "not a CRL signed by the overlay CA: " + e.getMessage(), e);
    }
  }
}
