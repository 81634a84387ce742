package org.p2psip.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.ca.CrlIssuer;
import org.p2psip.ca.RevokedCertificate;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.TestPki;

/**
 * An overlay CA for tests, issuing with the enrollment service's own code ({@link
 * CertificateIssuer}, {@link CrlIssuer}), and a signer of registry entries as clients sign them.
 */
final class OverlayPki {

  static final String OVERLAY = "overlay.example.org";

  final TestPki root;
  final CertificateAuthority ca;
  final CertificateIssuer issuer;
  final List<RevokedCertificate> revoked = new ArrayList<>();

  OverlayPki(String name) throws Exception {
    root = new TestPki(name);
    ca = new CertificateAuthority(root.ca.keys().getPrivate(), root.ca.certificate());
    issuer = new CertificateIssuer(ca, OVERLAY, Clock.systemUTC(), Duration.ofMinutes(1));
  }

  /**
   * A CA whose certificate (and an empty CRL) is written to a fresh directory, for a registry
   * configured with {@code trust.ca-certificate=file:<dir>/ca.pem}; fails the test class if it
   * cannot be made.
   */
  static OverlayPki withTrustFiles(String name) {
    try {
      OverlayPki pki = new OverlayPki(name);
      pki.trust = Files.createTempDirectory("registry-trust");
      pki.writeCaPem(pki.trust.resolve("ca.pem"));
      pki.writeCrl(pki.trust.resolve("ca.crl"));
      return pki;
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Where {@link #withTrustFiles} wrote ca.pem and ca.crl. */
  Path trust;

  String caFile() {
    return "file:" + trust.resolve("ca.pem");
  }

  /** A certificate for {@code user} (a conference URI without sip:) and one Node-ID. */
  Signer signer(String user) throws Exception {
    return signer(user, Clock.systemUTC(), Duration.ofDays(1));
  }

  Signer signer(String user, Clock clock, Duration validity) throws Exception {
    KeyPair keys = TestPki.p256();
    Id128 nodeId = Id128.random();
    X509Certificate certificate =
        new CertificateIssuer(ca, OVERLAY, clock, Duration.ZERO)
            .issue(keys.getPublic(), user, List.of(nodeId), validity);
    return new Signer(keys, certificate, nodeId);
  }

  void writeCaPem(Path file) throws Exception {
    TestPki.pem(file.getParent(), file.getFileName().toString(), root.ca.certificate());
  }

  void revoke(X509Certificate certificate) {
    revoked.add(
        new RevokedCertificate(
            certificate.getSerialNumber(), Instant.now(), certificate.getNotAfter().toInstant()));
  }

  void writeCrl(Path file) throws Exception {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(
        temporary,
        new CrlIssuer(ca, Duration.ofDays(1), Clock.systemUTC()).sign(revoked).getEncoded());
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A key, its certificate and Node-ID: signs entries as docs/protocol.md 4.3 says. */
  record Signer(KeyPair keys, X509Certificate certificate, Id128 nodeId) {

    ApiTypes.Entry entry(
        String uri, Kind kind, Id128 key, byte[] value, long storageTime, long lifetime)
        throws Exception {
      boolean exists = value != null;
      DictionaryEntry entry =
          new DictionaryEntry(
              Octets.of(key.toByteArray()), exists, exists ? Octets.of(value) : Octets.EMPTY);
      byte[] signature =
          EntrySignatures.sign(
              keys.getPrivate(),
              SignatureInput.of(
                  ResourceIds.of(uri), kind.id(), storageTime, entry, certificate.getEncoded()));
      Base64.Encoder b64 = Base64.getEncoder();
      return new ApiTypes.Entry(
          key.hex(),
          exists,
          b64.encodeToString(exists ? value : new byte[0]),
          storageTime,
          lifetime,
          b64.encodeToString(signature),
          b64.encodeToString(certificate.getEncoded()));
    }
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
