package org.p2psip.client.conference;

import java.security.cert.X509Certificate;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.EntryCheck;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.Kind;

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
    String problem = EntryCheck.problem(uri, Kind.DISCO_REGISTRATION, entry, overlayCa);
    return new Focus(entry.key(), registration, entry.lifetime(), problem);
  }
}
