package org.p2psip.enrollment.ca;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.p2psip.ca.PeerCertificateRequest;
import org.p2psip.ca.PeerRequestRefused;
import org.p2psip.protocol.value.Id128;

/**
 * Reads what the operator sends for a host-peer certificate: one PEM object, a PKCS#10 CSR ({@code
 * CERTIFICATE REQUEST}, whose signature must verify) or a bare public key ({@code PUBLIC KEY},
 * SPKI).
 */
public final class PeerRequestPem {

  private PeerRequestPem() {}

  /**
   * @throws PeerRequestRefused when the text is neither, or the CSR's signature does not verify
   */
  public static PeerCertificateRequest parse(String pem, Id128 nodeId, Duration validity) {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new PeerRequestRefused("unreadable PEM: " + e.getMessage(), e);
    }
    if (object instanceof PKCS10CertificationRequest csr) {
      return PeerCertificateRequest.fromCsr(csr, nodeId, validity);
    }
    if (object instanceof SubjectPublicKeyInfo spki) {
      try {
        return PeerCertificateRequest.of(
            new JcaPEMKeyConverter().getPublicKey(spki), nodeId, validity);
      } catch (IOException e) {
        throw new PeerRequestRefused("unreadable public key: " + e.getMessage(), e);
      }
    }
    throw new PeerRequestRefused(
        "a PEM CERTIFICATE REQUEST (PKCS#10) or PUBLIC KEY (SPKI) is expected");
  }
}
