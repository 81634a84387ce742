package org.p2psip.client.conference;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.netcoord.FocusRanking;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import reactor.core.publisher.Mono;

/**
 * Acting as a focus of a conference (DisCo 4.3/4.5): advertise this focus (its own entry, keyed by
 * its own Node-ID) and leave (a signed tombstone), telling each of its participants which remaining
 * focus is now closest to it. Entries are signed either with the conference's own key (its owner,
 * or a focus it was handed to: DisCo 4.4's way) or with the focus's own key through a delegation
 * from the owner ({@link #delegated}), which writes only the delegated Node-ID's entry.
 */
public final class FocusRole {

  private final RegistryClient registry;
  private final String conference;
  private final Id128 resource;
  private final EntrySigner signer;
  private final Id128 key;
  private final @Nullable Instant delegatedUntil;

  /**
   * @param key this focus's entry key: its own Node-ID (the creator's is the conference's)
   */
  public FocusRole(
      RegistryClient registry,
      String uri,
      PrivateKey conferenceKey,
      X509Certificate conferenceCertificate,
      Id128 key) {
    this(registry, uri, new EntrySigner(conferenceKey, conferenceCertificate), key, null);
  }

  private FocusRole(
      RegistryClient registry,
      String uri,
      EntrySigner signer,
      Id128 key,
      @Nullable Instant delegatedUntil) {
    this.registry = registry;
    this.conference = ResourceIds.withoutSipScheme(uri);
    this.resource = ResourceIds.of(conference);
    this.signer = signer;
    this.key = key;
    this.delegatedUntil = delegatedUntil;
  }

  /**
   * A focus writing through {@code delegation} with its own {@code focusKey}: its entry is keyed by
   * the delegated Node-ID and lives no longer than the delegation.
   */
  public static FocusRole delegated(
      RegistryClient registry, String uri, PrivateKey focusKey, FocusDelegation delegation) {
    return new FocusRole(
        registry,
        uri,
        new EntrySigner(focusKey, delegation),
        delegation.nodeId(),
        delegation.delegation().getNotAfter().toInstant());
  }

  /** Whether this focus writes through a delegation (and so only its own entry). */
  public boolean isDelegated() {
    return delegatedUntil != null;
  }

  /** Stores (or refreshes) this focus's registration; the new generation. */
  public Mono<Long> advertise(String focusUri, Coordinate coordinate, long lifetimeSeconds) {
    if (delegatedUntil != null) {
      // an entry outliving its delegation would be listed by nobody who checks it: it ends with it
      long left = Duration.between(Instant.now(), delegatedUntil).toSeconds();
      if (left <= 0) {
        return Mono.error(new IllegalStateException("the delegation has expired"));
      }
      lifetimeSeconds = Math.min(lifetimeSeconds, left);
    }
    byte[] value = new DisCoRegistration.FocusUri(coordinate, focusUri).encode();
    return registry.store(
        conference,
        "disco",
        0,
        List.of(
            signer.sign(
                resource,
                Kind.DISCO_REGISTRATION,
                key,
                value,
                System.currentTimeMillis(),
                lifetimeSeconds)));
  }

  /** This focus's entry key. */
  public Id128 key() {
    return key;
  }

  /**
   * Deletes the entry at {@code entryKey}: another focus's, found dead (DisCo 4.6: its stale
   * registration is removed by a remaining focus). A tombstone, so that an older copy cannot come
   * back; a focus that was alive after all writes its entry again at its next round.
   */
  public Mono<Long> retire(Id128 entryKey, long tombstoneLifetime) {
    if (delegatedUntil != null && !entryKey.equals(key)) {
      return Mono.error(
          new IllegalStateException("a delegated focus writes no other focus's entry"));
    }
    return tombstone(entryKey, tombstoneLifetime);
  }

  private Mono<Long> tombstone(Id128 at, long lifetime) {
    return registry.store(
        conference,
        "disco",
        0,
        List.of(
            signer.sign(
                resource,
                Kind.DISCO_REGISTRATION,
                at,
                null,
                System.currentTimeMillis(),
                lifetime)));
  }

  /** A participant of the leaving focus and the focus it should move to. */
  public record Handover(String participant, @Nullable Focus moveTo, double predictedRttMillis) {}

  /**
   * Deletes this focus's entry (a tombstone living {@code tombstoneLifetime} seconds, so that an
   * older write cannot bring it back), then assigns each participant (name to coordinate) the
   * remaining trusted focus closest to it.
   */
  public Mono<List<Handover>> leave(
      Map<String, Coordinate> participants,
      @Nullable X509Certificate overlayCa,
      long tombstoneLifetime) {
    return tombstone(key, tombstoneLifetime)
        .then(registry.fetch(conference, "disco"))
        .map(
            fetched -> {
              List<Focus> remaining = new ArrayList<>();
              for (var entry : fetched.entries()) {
                if (Boolean.TRUE.equals(entry.exists()) && !entry.key().equals(key.hex())) {
                  Focus focus = Focus.of(conference, entry, overlayCa);
                  if (focus.trusted()) {
                    remaining.add(focus);
                  }
                }
              }
              List<Handover> handovers = new ArrayList<>();
              for (Map.Entry<String, Coordinate> participant :
                  new LinkedHashMap<>(participants).entrySet()) {
                if (remaining.isEmpty()) {
                  handovers.add(new Handover(participant.getKey(), null, Double.NaN));
                  continue;
                }
                FocusRanking.Ranked<Focus> best =
                    FocusRanking.rank(
                            participant.getValue().toArray(),
                            remaining,
                            focus ->
                                focus.registration().coordinate() == null
                                    ? null
                                    : focus.registration().coordinate().toArray())
                        .get(0);
                handovers.add(
                    new Handover(participant.getKey(), best.candidate(), best.predictedRtt()));
              }
              return handovers;
            });
  }
}
