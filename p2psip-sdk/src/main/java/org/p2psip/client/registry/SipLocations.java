package org.p2psip.client.registry;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SipRegistration;
import org.p2psip.protocol.reload.SipRegistrations;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import reactor.core.publisher.Mono;

/**
 * Users' SIP locations in the registry as the SIP-REGISTRATION kind (RFC 7904): a user stores where
 * its address of record is reached (a contact URI), keyed by its own Node-ID and signed with its
 * own certificate (USER-NODE-MATCH); anyone resolves an address of record to that contact, checking
 * each entry itself. DisCo 4.4 resolves a focus registered by {@code sip_focus_uri} this way.
 */
public final class SipLocations {

  public static final String KIND = "sip-registration";

  private final RegistryClient registry;

  public SipLocations(RegistryClient registry) {
    this.registry = registry;
  }

  /**
   * Stores that the certificate's user ({@code sip:} + its user name) is reached at {@code
   * contact}, under the certificate's first Node-ID; emits the dictionary's new generation.
   */
  public Mono<Long> register(
      PrivateKey key, X509Certificate certificate, String contact, long lifetimeSeconds) {
    CertificateIdentity identity = CertificateIdentity.of(certificate);
    String user = identity.userName();
    Id128 nodeId = identity.nodeIds().get(0);
    return registry.store(
        user,
        KIND,
        0,
        List.of(
            new EntrySigner(key, certificate)
                .sign(
                    ResourceIds.of(user),
                    Kind.SIP_REGISTRATION,
                    nodeId,
                    new SipRegistration.Uri(contact).encode(),
                    System.currentTimeMillis(),
                    lifetimeSeconds)));
  }

  /**
   * The contact {@code aor} ({@code sip:user@domain}) is registered at: the URI of the first entry
   * that passes this reader's own check ({@link EntryCheck}) and is a {@code sip_registration_uri};
   * empty when there is none.
   */
  public Mono<Optional<String>> resolve(String aor, @Nullable X509Certificate overlayCa) {
    String user = ResourceIds.withoutSipScheme(aor);
    return registry
        .fetch(user, KIND)
        .map(
            fetched -> {
              for (RegistryEntry entry : fetched.entries()) {
                if (!Boolean.TRUE.equals(entry.exists())
                    || EntryCheck.problem(user, Kind.SIP_REGISTRATION, entry, overlayCa) != null) {
                  continue;
                }
                try {
                  if (SipRegistrations.decode(Base64.getDecoder().decode(entry.value()))
                      instanceof SipRegistration.Uri uri) {
                    return Optional.of(uri.uri());
                  }
                } catch (RuntimeException malformed) {
                  // a value that is not a registration: the next entry may be
                }
              }
              return Optional.<String>empty();
            });
  }
}
