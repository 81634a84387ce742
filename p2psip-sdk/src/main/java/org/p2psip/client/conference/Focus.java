package org.p2psip.client.conference;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * One focus of a conference as a participant reads it from the registry, checked by the reader
 * itself rather than trusted because the registry stored it: the signature verifies with the
 * attached certificate, the certificate's user name hashes to the conference, and (when the overlay
 * CA is known) the certificate is the CA's.
 *
 * @param problem why the entry is not to be trusted; null when it is
 */
public record Focus(
    String key, @Nullable DisCoRegistration registration, long lifetime, @Nullable String problem) {

  public boolean trusted() {
    return problem == null;
  }

  /** Reads and checks one fetched entry of the conference {@code uri}. */
  public static Focus of(String uri, RegistryEntry entry, @Nullable X509Certificate overlayCa) {
    Base64.Decoder b64 = Base64.getDecoder();
    DisCoRegistration registration;
    try {
      registration = DisCoRegistrations.decode(b64.decode(entry.value()));
    } catch (RuntimeException e) {
      return new Focus(entry.key(), null, entry.lifetime(), "the value is not a DisCoRegistration");
    }
    try {
      byte[] der = b64.decode(entry.certificate());
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      Id128 resource = ResourceIds.of(uri);
      byte[] input =
          SignatureInput.of(
              resource,
              Kind.DISCO_REGISTRATION.id(),
              entry.storageTime(),
              new DictionaryEntry(
                  Octets.wrap(HexFormat.of().parseHex(entry.key())),
                  true,
                  Octets.wrap(b64.decode(entry.value()))),
              der);
      if (!EntrySignatures.verify(
          certificate.getPublicKey(), input, b64.decode(entry.signature()))) {
        return new Focus(
            entry.key(), registration, entry.lifetime(), "the signature does not verify");
      }
      if (!ResourceIds.of(CertificateIdentity.of(certificate).userName()).equals(resource)) {
        return new Focus(
            entry.key(), registration, entry.lifetime(), "signed for another user name");
      }
      if (overlayCa != null) {
        certificate.verify(overlayCa.getPublicKey());
        certificate.checkValidity();
      }
      return new Focus(entry.key(), registration, entry.lifetime(), null);
    } catch (Exception e) {
      return new Focus(
          entry.key(),
          registration,
          entry.lifetime(),
          "certificate not acceptable: " + e.getMessage());
    }
  }
}
