package org.p2psip.client.enroll;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The overlay configuration document ({@code /.well-known/reload-config}), read and checked the way
 * docs/enrollment.md defines its signature: ECDSA P-256 over the exact bytes of the {@code
 * <configuration>} element, by the configuration signer, whose certificate (carried in the
 * document) must be issued by the document's root certificate and carry the {@code
 * configuration-signer} Node-ID, which is the first 16 bytes of SHA-256 over the signer's public
 * key. The document must not have expired.
 */
public record OverlayConfiguration(
    String overlayName,
    long sequence,
    Instant expiration,
    X509Certificate root,
    String enrollmentServer,
    List<String> bootstrapPeers,
    long landmarksVersion,
    List<String> landmarks,
    String xml) {

  private static final String BASE = ConfigurationXml.BASE;
  private static final String DISCO = ConfigurationXml.DISCO;
  private static final String P2PSIP = ConfigurationXml.P2PSIP;

  /** Parses and verifies {@code xml}; an {@link IllegalArgumentException} saying what is wrong. */
  public static OverlayConfiguration verify(String xml, Instant now) {
    int start = xml.indexOf("<configuration ");
    int end = xml.indexOf("</configuration>");
    int signatureStart = xml.indexOf("<signature algorithm=\"ecdsa-sha256\">");
    int signatureEnd = xml.indexOf("</signature>");
    if (start < 0 || end < start || signatureStart < end || signatureEnd < signatureStart) {
      throw new IllegalArgumentException("not a signed overlay configuration document");
    }
    byte[] signed =
        xml.substring(start, end + "</configuration>".length()).getBytes(StandardCharsets.UTF_8);
    byte[] signature =
        Base64.getDecoder()
            .decode(
                xml.substring(
                        signatureStart + "<signature algorithm=\"ecdsa-sha256\">".length(),
                        signatureEnd)
                    .trim());
    Document document = ConfigurationXml.parse(xml);
    Element configuration = ConfigurationXml.configuration(document);
    X509Certificate root = certificate(ConfigurationXml.text(document, BASE, "root-cert"));
    X509Certificate signer =
        certificate(ConfigurationXml.text(document, P2PSIP, "configuration-signer-certificate"));
    String signerId = ConfigurationXml.text(document, BASE, "configuration-signer");
    try {
      signer.verify(root.getPublicKey());
      signer.checkValidity(Date.from(now));
      Id128 fromKey =
          Id128.wrap(
              Arrays.copyOf(
                  MessageDigest.getInstance("SHA-256").digest(signer.getPublicKey().getEncoded()),
                  Id128.LENGTH));
      if (!fromKey.hex().equals(signerId)
          || !CertificateIdentity.of(signer).nodeIds().contains(fromKey)) {
        throw new IllegalArgumentException(
            "the configuration signer's certificate does not carry the configuration-signer Node-ID");
      }
      Signature check = Signature.getInstance("SHA256withECDSA");
      check.initVerify(signer.getPublicKey());
      check.update(signed);
      if (!check.verify(signature)) {
        throw new IllegalArgumentException(
            "the configuration document's signature does not verify");
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "the configuration signer is not acceptable: " + e.getMessage(), e);
    }
    Instant expiration = Instant.parse(configuration.getAttribute("expiration"));
    if (expiration.isBefore(now)) {
      throw new IllegalArgumentException("the configuration document expired at " + expiration);
    }
    List<String> peers = ConfigurationXml.addresses(document, BASE, "bootstrap-node");
    List<String> landmarks = ConfigurationXml.addresses(document, DISCO, "landmark-host");
    Element landmarkSet = ConfigurationXml.first(document, DISCO, "landmarks");
    return new OverlayConfiguration(
        configuration.getAttribute("instance-name"),
        Long.parseLong(configuration.getAttribute("sequence")),
        expiration,
        root,
        ConfigurationXml.text(document, BASE, "enrollment-server"),
        peers,
        landmarkSet == null || landmarkSet.getAttribute("version").isEmpty()
            ? 0
            : Long.parseLong(landmarkSet.getAttribute("version")),
        landmarks,
        xml);
  }

  static X509Certificate certificate(String base64) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalArgumentException("an unreadable certificate in the configuration", e);
    }
  }
}
