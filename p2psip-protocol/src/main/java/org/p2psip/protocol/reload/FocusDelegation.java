package org.p2psip.protocol.reload;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;

/**
 * A focus's right to write its own DISCO-REGISTRATION entry without the conference's private key
 * (docs/protocol-notes.md, "Focus delegation"): a short-lived delegation certificate, signed with
 * the conference certificate's key, binding the focus's public key and one Node-ID to the
 * conference's user name; it travels with the conference certificate and the focus's own overlay
 * certificate, in that order.
 *
 * <p>This is not a PKIX path (the conference certificate is an end-entity certificate, and every
 * name is empty); {@link #refusal} checks each link explicitly. Registry and readers run the same
 * checks, so a reader trusts a delegated entry exactly when the registry would store it.
 *
 * @param delegation the signer's certificate: the focus's key, the conference's name, one Node-ID
 * @param conference the conference certificate, issued by the overlay CA
 * @param focus the focus's own overlay certificate, holding the delegated Node-ID and the same key
 */
public record FocusDelegation(
    X509Certificate delegation, X509Certificate conference, X509Certificate focus) {

  /** The longest a delegation may be valid: short-lived, so that letting it lapse ends it. */
  public static final Duration MAX_VALIDITY = Duration.ofHours(24);

  /** How many certificates a delegated entry's chain holds: the conference's, the focus's. */
  public static final int CHAIN_LENGTH = 2;

  /**
   * Reads a delegation and its chain (each DER).
   *
   * @throws IllegalArgumentException when the chain is not two certificates or one is unreadable
   */
  public static FocusDelegation read(byte[] delegationDer, List<byte[]> chainDer) {
    if (chainDer.size() != CHAIN_LENGTH) {
      throw new IllegalArgumentException(
          "a delegation chain is the conference certificate, then the focus's certificate");
    }
    return new FocusDelegation(
        certificate(delegationDer, "the delegation"),
        certificate(chainDer.get(0), "the conference certificate"),
        certificate(chainDer.get(1), "the focus's certificate"));
  }

  /** An already parsed certificate of a chain, for writers that hold them. */
  public static X509Certificate certificate(byte[] der, String what) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(what + " cannot be read");
    }
  }

  /** The one Node-ID the delegation gives writing rights for. */
  public Id128 nodeId() {
    return identity(delegation).nodeIds().get(0);
  }

  /** When the delegation starts: a tombstone of its key stored at or after this revokes it. */
  public Instant notBefore() {
    return delegation.getNotBefore().toInstant();
  }

  /**
   * Why a write of the entry {@code entryKey} at {@code resource}, signed with the delegation's
   * key, is not to be accepted; empty when every link holds. The entry's own signature is the
   * caller's to check (with {@link #delegation}'s key, over its DER).
   *
   * @param overlayCa the CA both the conference and the focus certificate must be issued by; null
   *     for a reader that does not know it, which then checks everything else
   * @param revoked whether the overlay CA has revoked a certificate (nothing, for a reader with no
   *     revocation list)
   */
  public Optional<String> refusal(
      Id128 resource,
      Id128 entryKey,
      @Nullable X509Certificate overlayCa,
      Instant now,
      Predicate<X509Certificate> revoked) {
    // the conference certificate: the overlay CA's, valid, not revoked, of this resource
    Optional<String> conferenceRefusal = issuedByCa(conference, "conference", overlayCa, now);
    if (conferenceRefusal.isPresent()) {
      return conferenceRefusal;
    }
    if (revoked.test(conference)) {
      return Optional.of("the conference certificate is revoked");
    }
    CertificateIdentity conferenceIdentity;
    CertificateIdentity delegated;
    try {
      conferenceIdentity = identity(conference);
    } catch (IllegalArgumentException e) {
      return Optional.of("the conference certificate is not an overlay certificate");
    }
    if (!UserNames.isCanonical(conferenceIdentity.userName())
        || !ResourceIds.of(conferenceIdentity.userName()).equals(resource)) {
      return Optional.of("the conference certificate is not this resource's (USER-MATCH)");
    }
    // the delegation: signed with the conference's key, valid now and briefly, for this conference
    try {
      delegation.verify(conference.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.of("the delegation is not signed with the conference certificate's key");
    }
    if (!validAt(delegation, now)) {
      return Optional.of("the delegation is not valid now (expired or not yet valid)");
    }
    Duration validity =
        Duration.between(
            delegation.getNotBefore().toInstant(), delegation.getNotAfter().toInstant());
    if (validity.compareTo(MAX_VALIDITY) > 0) {
      return Optional.of("a delegation is valid for at most " + MAX_VALIDITY.toHours() + " hours");
    }
    try {
      delegated = identity(delegation);
    } catch (IllegalArgumentException e) {
      return Optional.of("the delegation does not name a user and a Node-ID");
    }
    if (!delegated.userName().equals(conferenceIdentity.userName())) {
      return Optional.of("the delegation names another conference");
    }
    if (delegated.nodeIds().size() != 1) {
      return Optional.of("a delegation names exactly one Node-ID");
    }
    // the focus: a member of the overlay holding the delegated Node-ID with the delegated key
    Optional<String> focusRefusal = issuedByCa(focus, "focus's", overlayCa, now);
    if (focusRefusal.isPresent()) {
      return focusRefusal;
    }
    if (revoked.test(focus)) {
      return Optional.of("the focus's certificate is revoked");
    }
    if (!Arrays.equals(focus.getPublicKey().getEncoded(), delegation.getPublicKey().getEncoded())) {
      return Optional.of("the delegation's key is not the focus certificate's");
    }
    Id128 nodeId = delegated.nodeIds().get(0);
    try {
      if (!identity(focus).nodeIds().contains(nodeId)) {
        return Optional.of("the delegated Node-ID is not one of the focus certificate's");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of("the focus's certificate is not an overlay certificate");
    }
    if (!nodeId.equals(entryKey)) {
      return Optional.of("the dictionary key is not the delegated Node-ID");
    }
    return Optional.empty();
  }

  private static Optional<String> issuedByCa(
      X509Certificate certificate, String whose, @Nullable X509Certificate ca, Instant now) {
    if (ca == null) {
      return validAt(certificate, now)
          ? Optional.empty()
          : Optional.of("the " + whose + " certificate is not valid now");
    }
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return Optional.of("the " + whose + " certificate is not issued by the overlay CA");
    }
    try {
      certificate.verify(ca.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.of("the " + whose + " certificate's signature is not the overlay CA's");
    }
    if (!validAt(certificate, now)) {
      return Optional.of("the " + whose + " certificate is not valid now");
    }
    return Optional.empty();
  }

  private static boolean validAt(X509Certificate certificate, Instant now) {
    try {
      certificate.checkValidity(Date.from(now));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static CertificateIdentity identity(X509Certificate certificate) {
    return CertificateIdentity.of(certificate);
  }
}
