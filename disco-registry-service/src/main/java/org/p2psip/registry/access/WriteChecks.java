package org.p2psip.registry.access;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.trust.TrustMaterial;

/**
 * The access-control policies of docs/protocol.md 4.3 as chains of {@link WriteCheck}s: USER-MATCH
 * for DISCO-REGISTRATION, USER-NODE-MATCH (USER-MATCH plus the key being the signer's Node-ID) for
 * SIP-REGISTRATION, and for a DISCO-REGISTRATION entry written through a focus delegation, the
 * delegation chain's checks (docs/protocol-notes.md, "Focus delegation").
 */
public final class WriteChecks {

  private WriteChecks() {}

  /**
   * The rules for a write through a focus delegation (docs/protocol-notes.md, "Focus delegation"):
   * the chain's links, then the entry's signature with the delegation's key. Whether an owner's
   * tombstone revoked the delegation is the store's to check, atomically with the write.
   */
  public static List<WriteCheck> forDelegated() {
    return List.of(DELEGATION_CHAIN, SIGNATURE);
  }

  /** The rules for {@code write}, in the order they run. */
  public static List<WriteCheck> forWrite(SignedEntry write) {
    return write.delegated() ? forDelegated() : forKind(write.kind());
  }

  /** The rules for {@code kind} signed with the signer's own certificate, in the order they run. */
  public static List<WriteCheck> forKind(Kind kind) {
    return switch (kind.accessControl()) {
      case USER_MATCH ->
          List.of(ISSUED_BY_OVERLAY_CA, VALID_NOW, NOT_REVOKED, SIGNATURE, USER_MATCH);
      case USER_NODE_MATCH ->
          List.of(ISSUED_BY_OVERLAY_CA, VALID_NOW, NOT_REVOKED, SIGNATURE, USER_MATCH, NODE_MATCH);
    };
  }

  /** The first refusal of {@code write} under its kind's rules, with the certificate parsed. */
  public static Optional<String> firstRefusal(SignedEntry write, TrustMaterial trust, Instant now) {
    return firstRefusal(write, trust, now, VerifiedCertificates.none());
  }

  /**
   * The same, skipping the CA-signature check for a certificate {@code verified} already holds for
   * this CA, and remembering one that passes it.
   */
  public static Optional<String> firstRefusal(
      SignedEntry write, TrustMaterial trust, Instant now, VerifiedCertificates verified) {
    String key = VerifiedCertificates.key(trust.ca(), write.certificateDer());
    X509Certificate certificate = verified.verified(key);
    boolean known = certificate != null;
    if (!known) {
      try {
        certificate =
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(write.certificateDer()));
      } catch (GeneralSecurityException | RuntimeException e) {
        return Optional.of("the signer's certificate cannot be read");
      }
    }
    SignedEntry parsed = write.withCertificate(certificate);
    for (WriteCheck check : forWrite(write)) {
      if (check == ISSUED_BY_OVERLAY_CA && known) {
        continue;
      }
      Optional<String> refusal = check.refusal(parsed, trust, now);
      if (refusal.isPresent()) {
        return refusal;
      }
      if (check == ISSUED_BY_OVERLAY_CA) {
        verified.remember(key, certificate);
      }
    }
    return Optional.empty();
  }

  static final WriteCheck ISSUED_BY_OVERLAY_CA =
      (write, trust, now) -> {
        X509Certificate certificate = write.certificate();
        if (!certificate.getIssuerX500Principal().equals(trust.ca().getSubjectX500Principal())) {
          return Optional.of("the certificate is not issued by the overlay CA");
        }
        try {
          certificate.verify(trust.ca().getPublicKey());
          return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
          return Optional.of("the certificate's signature is not the overlay CA's");
        }
      };

  static final WriteCheck VALID_NOW =
      (write, trust, now) -> {
        try {
          write.certificate().checkValidity(Date.from(now));
          return Optional.empty();
        } catch (GeneralSecurityException e) {
          return Optional.of("the certificate is not valid now (expired or not yet valid)");
        }
      };

  static final WriteCheck NOT_REVOKED =
      (write, trust, now) ->
          trust.revoked(write.certificate())
              ? Optional.of("the certificate is revoked")
              : Optional.empty();

  static final WriteCheck SIGNATURE =
      (write, trust, now) -> {
        byte[] input =
            SignatureInput.of(
                write.resourceId(),
                write.kind().id(),
                write.storageTime(),
                write.entry(),
                write.certificateDer());
        return EntrySignatures.verify(write.certificate().getPublicKey(), input, write.signature())
            ? Optional.empty()
            : Optional.of("the signature does not verify with the certificate's key");
      };

  static final WriteCheck USER_MATCH =
      (write, trust, now) -> {
        CertificateIdentity identity;
        try {
          identity = CertificateIdentity.of(write.certificate());
        } catch (IllegalArgumentException e) {
          return Optional.of("not an overlay certificate: " + e.getMessage());
        }
        // a name outside the one grammar (a scheme, whitespace, upper case...) may hash to the
        // Resource-ID of somebody else's name: such a certificate names nobody, whoever signed it
        if (!UserNames.isCanonical(identity.userName())) {
          return Optional.of(
              "the certificate's user name is not a canonical user@domain name (USER-MATCH)");
        }
        return ResourceIds.of(identity.userName()).equals(write.resourceId())
            ? Optional.empty()
            : Optional.of(
                "the certificate's user name "
                    + identity.userName()
                    + " does not hash to this Resource-ID (USER-MATCH)");
      };

  static final WriteCheck NODE_MATCH =
      (write, trust, now) -> {
        byte[] key = write.entry().key().unsafeArray();
        if (key.length != Id128.LENGTH) {
          return Optional.of("the dictionary key is not a Node-ID (USER-NODE-MATCH)");
        }
        return CertificateIdentity.of(write.certificate()).nodeIds().contains(Id128.of(key))
            ? Optional.empty()
            : Optional.of(
                "the dictionary key is not one of the certificate's Node-IDs (USER-NODE-MATCH)");
      };

  static final WriteCheck DELEGATION_CHAIN =
      (write, trust, now) -> {
        FocusDelegation delegation;
        try {
          delegation =
              new FocusDelegation(
                  write.certificate(),
                  FocusDelegation.certificate(write.chain().get(0), "the conference certificate"),
                  FocusDelegation.certificate(write.chain().get(1), "the focus's certificate"));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
          return Optional.of(
              "a delegation's chain is the conference certificate, then the focus's certificate");
        }
        byte[] key = write.entry().key().unsafeArray();
        if (key.length != Id128.LENGTH) {
          return Optional.of("the dictionary key is not a Node-ID");
        }
        return delegation.refusal(
            write.resourceId(), Id128.of(key), trust.ca(), now, trust::revoked);
      };
}
