package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.ca.CrlIssuer;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.registry.access.SignedEntry;
import org.p2psip.registry.access.VerifiedCertificates;
import org.p2psip.registry.access.WriteChecks;
import org.p2psip.trust.TrustMaterial;

/**
 * Remembering that a certificate is the overlay CA's spares only that check: a remembered
 * certificate still has its entries' signatures, its validity and its revocation checked, and means
 * nothing under another CA.
 */
class VerifiedCertificatesTest {

  static final String URI = "team@example.org";

  static SignedEntry entry(OverlayPki.Signer signer, byte[] value, long storageTime)
      throws Exception {
    DictionaryEntry entry =
        new DictionaryEntry(Octets.of(signer.nodeId().toByteArray()), true, Octets.of(value));
    byte[] der = signer.certificate().getEncoded();
    byte[] signature =
        EntrySignatures.sign(
            signer.keys().getPrivate(),
            SignatureInput.of(
                ResourceIds.of(URI), Kind.DISCO_REGISTRATION.id(), storageTime, entry, der));
    return new SignedEntry(
        ResourceIds.of(URI),
        Kind.DISCO_REGISTRATION,
        storageTime,
        entry,
        signature,
        der,
        null,
        List.of());
  }

  static X509CRL crl(OverlayPki pki) throws Exception {
    return new CrlIssuer(pki.ca, Duration.ofDays(1), Clock.systemUTC()).sign(pki.revoked);
  }

  @Test
  void aRememberedCertificateIsStillCheckedForEverythingButItsIssuer() throws Exception {
    OverlayPki pki = new OverlayPki("Overlay CA");
    OverlayPki.Signer signer = pki.signer(URI);
    TrustMaterial trust = new TrustMaterial(pki.root.ca.certificate(), crl(pki));
    VerifiedCertificates verified = new VerifiedCertificates(100);
    Instant now = Instant.now();

    assertThat(WriteChecks.firstRefusal(entry(signer, new byte[] {1}, 1), trust, now, verified))
        .isEmpty();
    assertThat(verified.size()).isEqualTo(1);
    assertThat(WriteChecks.firstRefusal(entry(signer, new byte[] {2}, 2), trust, now, verified))
        .as("a second entry with the remembered certificate")
        .isEmpty();

    SignedEntry tampered = entry(signer, new byte[] {3}, 3);
    tampered.signature()[10] ^= 1;
    assertThat(WriteChecks.firstRefusal(tampered, trust, now, verified))
        .hasValueSatisfying(why -> assertThat(why).contains("signature does not verify"));

    assertThat(
            WriteChecks.firstRefusal(
                entry(signer, new byte[] {4}, 4), trust, now.plus(Duration.ofDays(2)), verified))
        .hasValueSatisfying(why -> assertThat(why).contains("not valid now"));

    pki.revoke(signer.certificate());
    TrustMaterial revoking = new TrustMaterial(pki.root.ca.certificate(), crl(pki));
    assertThat(WriteChecks.firstRefusal(entry(signer, new byte[] {5}, 5), revoking, now, verified))
        .hasValueSatisfying(why -> assertThat(why).contains("revoked"));
  }

  @Test
  void aCertificateRememberedUnderOneCaMeansNothingUnderAnother() throws Exception {
    OverlayPki first = new OverlayPki("Overlay CA");
    OverlayPki second = new OverlayPki("Overlay CA"); // same name, other key
    OverlayPki.Signer signer = first.signer(URI);
    VerifiedCertificates verified = new VerifiedCertificates(100);
    Instant now = Instant.now();
    assertThat(
            WriteChecks.firstRefusal(
                entry(signer, new byte[] {1}, 1),
                new TrustMaterial(first.root.ca.certificate(), null),
                now,
                verified))
        .isEmpty();
    assertThat(
            WriteChecks.firstRefusal(
                entry(signer, new byte[] {2}, 2),
                new TrustMaterial(second.root.ca.certificate(), null),
                now,
                verified))
        .hasValueSatisfying(why -> assertThat(why).contains("not the overlay CA's"));
  }

  @Test
  void aRefusedCertificateIsNotRemembered() throws Exception {
    OverlayPki overlay = new OverlayPki("Overlay CA");
    OverlayPki other = new OverlayPki("Overlay CA");
    VerifiedCertificates verified = new VerifiedCertificates(100);
    TrustMaterial trust = new TrustMaterial(overlay.root.ca.certificate(), null);
    assertThat(
            WriteChecks.firstRefusal(
                entry(other.signer(URI), new byte[] {1}, 1), trust, Instant.now(), verified))
        .isPresent();
    assertThat(verified.size()).isZero();
  }
}
