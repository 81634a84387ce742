package org.p2psip.ca;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.p2psip.protocol.value.Id128;

/**
 * What a host-peer certificate is asked for: the peer's public key, its one Node-ID, how long the
 * certificate is to be valid, and the subject-alternative names the request itself asked for (from
 * a CSR's extension request; none from a bare public key), which {@link PeerRequestRules} checks.
 */
public record PeerCertificateRequest(
    PublicKey key, Id128 nodeId, Duration validity, List<GeneralName> requestedNames) {

  public PeerCertificateRequest {
    requestedNames = List.copyOf(requestedNames);
  }

  /** A request for a bare public key (an SPKI): no names asked for. */
  public static PeerCertificateRequest of(PublicKey key, Id128 nodeId, Duration validity) {
    return new PeerCertificateRequest(key, nodeId, validity, List.of());
  }

  /**
   * A request from a PKCS#10 CSR, whose signature must verify with the key it carries (proof of
   * possession).
   *
   * @throws PeerRequestRefused when the signature does not verify or the key cannot be read
   */
  public static PeerCertificateRequest fromCsr(
      PKCS10CertificationRequest csr, Id128 nodeId, Duration validity) {
    PublicKey key;
    boolean signed;
    try {
      key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
      signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (Exception e) {
      throw new PeerRequestRefused("the CSR's key or signature cannot be read: " + e, e);
    }
    if (!signed) {
      throw new PeerRequestRefused("the CSR's signature does not verify");
    }
    return new PeerCertificateRequest(key, nodeId, validity, requestedNames(csr));
  }

  private static List<GeneralName> requestedNames(PKCS10CertificationRequest csr) {
    List<GeneralName> names = new ArrayList<>();
    for (Attribute attribute :
        csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (var value : attribute.getAttributeValues()) {
        GeneralNames requested =
            GeneralNames.fromExtensions(
                Extensions.getInstance(value), Extension.subjectAlternativeName);
        if (requested != null) {
          names.addAll(List.of(requested.getNames()));
        }
      }
    }
    return names;
  }
}
