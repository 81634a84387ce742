package org.p2psip.client.registry;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * A reader's own check of one fetched dictionary entry, rather than trust in the registry that
 * stored it: the signature verifies with the attached certificate, the certificate's user name
 * hashes to the resource (USER-MATCH), for SIP-REGISTRATION the key is one of the certificate's
 * Node-IDs (USER-NODE-MATCH), and (when the overlay CA is known) the certificate is the CA's and
 * valid now. An entry written through a focus delegation passes the registry's own chain checks
 * ({@link FocusDelegation#refusal}) instead of the last three.
 */
public final class EntryCheck {

  private EntryCheck() {}

  /**
   * Why the entry of {@code resourceName} (a URI without scheme) is not to be trusted; null when it
   * is.
   */
  public static @Nullable String problem(
      String resourceName, Kind kind, RegistryEntry entry, @Nullable X509Certificate overlayCa) {
    Base64.Decoder b64 = Base64.getDecoder();
    try {
      byte[] der = b64.decode(entry.certificate());
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      Id128 resource = ResourceIds.of(resourceName);
      byte[] key = HexFormat.of().parseHex(entry.key());
      byte[] input =
          SignatureInput.of(
              resource,
              kind.id(),
              entry.storageTime(),
              new DictionaryEntry(Octets.wrap(key), true, Octets.wrap(b64.decode(entry.value()))),
              der);
      if (!EntrySignatures.verify(
          certificate.getPublicKey(), input, b64.decode(entry.signature()))) {
        return "the signature does not verify";
      }
      if (entry.chain() != null && !entry.chain().isEmpty()) {
        if (kind != Kind.DISCO_REGISTRATION) {
          return "a delegation signs only DISCO-REGISTRATION entries";
        }
        FocusDelegation delegation =
            FocusDelegation.read(der, entry.chain().stream().map(b64::decode).toList());
        return delegation
            .refusal(resource, Id128.of(key), overlayCa, Instant.now(), revoked -> false)
            .orElse(null);
      }
      CertificateIdentity identity = CertificateIdentity.of(certificate);
      if (!ResourceIds.of(identity.userName()).equals(resource)) {
        return "signed for another user name";
      }
      if (kind == Kind.SIP_REGISTRATION
          && identity.nodeIds().stream().noneMatch(id -> id.hex().equals(entry.key()))) {
        return "the key is not a Node-ID of the signer";
      }
      if (overlayCa != null) {
        certificate.verify(overlayCa.getPublicKey());
        certificate.checkValidity();
      }
      return null;
    } catch (Exception e) {
      return "certificate not acceptable: " + e.getMessage();
    }
  }
}
