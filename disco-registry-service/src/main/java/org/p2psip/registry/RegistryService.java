package org.p2psip.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.ReloadDecodingException;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.registry.access.SignedEntry;
import org.p2psip.registry.access.VerifiedCertificates;
import org.p2psip.registry.access.WriteChecks;
import org.p2psip.registry.store.DictionaryStore;
import org.p2psip.registry.store.KindNames;
import org.p2psip.registry.store.KindWrite;
import org.p2psip.registry.store.StoredEntry;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.store.StoreUnavailableException;
import org.p2psip.trust.OverlayTrust;
import org.p2psip.trust.TrustMaterial;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Store as RFC 6940 7.4.1 and docs/protocol.md 4.3 define it: the request is read and bounded,
 * every entry's signature and certificate checked under its kind's access policy (off the event
 * loops: signature checks are CPU work), then all entries stored by one script or none.
 */
public final class RegistryService {

  private static final long MAX_LIFETIME_FIELD = 0xFFFF_FFFFL;

  private final DictionaryStore store;
  private final OverlayTrust trust;
  private final RegistryProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  private final VerifiedCertificates verified;

  public RegistryService(
      DictionaryStore store,
      OverlayTrust trust,
      RegistryProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.trust = trust;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.verified = new VerifiedCertificates(properties.verifiedCertificates());
    meters.gauge("p2psip.registry.verified.certificates", verified, VerifiedCertificates::size);
  }

  /**
   * {@code p2psip.registry.stores{outcome}}: stored, or the RELOAD error name, or unavailable (no
   * overlay CA yet, or Redis down).
   */
  private void count(String outcome) {
    meters.counter("p2psip.registry.stores", "outcome", outcome).increment();
  }

  /** The new generation of each kind written, in request order. */
  public Mono<List<Long>> store(Id128 resource, ApiTypes.StoreRequest request) {
    return storeChecked(resource, request)
        .doOnSuccess(generations -> count("stored"))
        .doOnError(
            error ->
                count(
                    error instanceof RegistryException refused
                        ? refused.code().reloadName()
                        : error instanceof OverlayTrust.TrustUnavailableException
                                || error instanceof StoreUnavailableException
                            ? "unavailable"
                            : "error"));
  }

  private Mono<List<Long>> storeChecked(Id128 resource, ApiTypes.StoreRequest request) {
    List<Parsed> parsed;
    try {
      parsed = parse(resource, request);
    } catch (RegistryException refused) {
      return Mono.error(refused);
    }
    return trust
        .current()
        .flatMap(
            material ->
                Mono.fromCallable(() -> check(parsed, material)).subscribeOn(Schedulers.parallel()))
        .flatMap(writes -> store.store(resource, writes));
  }

  /** One kind of a request, read and bounded, not yet checked. */
  private record Parsed(
      Kind kind, long generation, List<SignedEntry> signed, List<StoredEntry> stored) {}

  private List<Parsed> parse(Id128 resource, ApiTypes.StoreRequest request) {
    if (request == null || request.kinds() == null || request.kinds().isEmpty()) {
      throw invalid("a Store names at least one kind with its entries");
    }
    int total = 0;
    Set<Kind> seen = new HashSet<>();
    List<Parsed> kinds = new ArrayList<>();
    for (ApiTypes.KindStore kindStore : request.kinds()) {
      Kind kind = KindNames.parse(kindStore.kind());
      if (!seen.add(kind)) {
        throw invalid("kind " + KindNames.name(kind) + " appears twice");
      }
      long generation = kindStore.generation() == null ? 0 : kindStore.generation();
      if (generation < 0) {
        throw invalid("a generation is not negative");
      }
      List<ApiTypes.Entry> entries = kindStore.entries() == null ? List.of() : kindStore.entries();
      total += entries.size();
      if (total > properties.maxEntriesPerRequest()) {
        throw new RegistryException(
            ReloadErrorCode.DATA_TOO_LARGE,
            "a Store carries at most " + properties.maxEntriesPerRequest() + " entries");
      }
      Set<String> keys = new HashSet<>();
      List<SignedEntry> signed = new ArrayList<>();
      List<StoredEntry> stored = new ArrayList<>();
      for (ApiTypes.Entry entry : entries) {
        StoredEntry read = read(kind, entry);
        if (!keys.add(read.key())) {
          throw invalid("key " + read.key() + " appears twice for one kind");
        }
        stored.add(read);
        signed.add(
            new SignedEntry(
                resource,
                kind,
                read.storageTime(),
                new DictionaryEntry(
                    Octets.wrap(HexFormat.of().parseHex(read.key())),
                    read.exists(),
                    Octets.wrap(read.value())),
                read.signature(),
                read.certificate(),
                null,
                read.chain()));
      }
      kinds.add(new Parsed(kind, generation, signed, stored));
    }
    return kinds;
  }

  private StoredEntry read(Kind kind, ApiTypes.Entry entry) {
    if (entry == null
        || entry.key() == null
        || entry.exists() == null
        || entry.storageTime() == null
        || entry.lifetime() == null
        || entry.signature() == null
        || entry.certificate() == null) {
      throw invalid(
          "an entry has key, exists, value, storageTime, lifetime, signature and certificate");
    }
    byte[] key = hex(entry.key());
    if (key.length != Id128.LENGTH) {
      throw invalid("a " + KindNames.name(kind) + " key is a Node-ID: 32 hex digits");
    }
    byte[] value = entry.value() == null ? new byte[0] : base64(entry.value(), "value");
    if (value.length > properties.maxValueBytes()) {
      throw new RegistryException(
          ReloadErrorCode.DATA_TOO_LARGE,
          "a value has at most " + properties.maxValueBytes() + " bytes",
          Map.of("key", entry.key()));
    }
    if (!entry.exists() && value.length > 0) {
      throw invalid("a delete (exists false) carries no value");
    }
    if (entry.exists() && kind == Kind.DISCO_REGISTRATION) {
      try {
        DisCoRegistrations.decode(value);
      } catch (ReloadDecodingException | IllegalArgumentException e) {
        throw invalid("the value is not a DisCoRegistration: " + e.getMessage());
      }
    }
    if (entry.storageTime() <= 0) {
      throw invalid("storageTime is milliseconds since the epoch");
    }
    if (entry.lifetime() <= 0 || entry.lifetime() > MAX_LIFETIME_FIELD) {
      throw invalid("lifetime is 1 to 2^32-1 seconds");
    }
    // RFC 6940 lets the storing node shorten a lifetime; it never lengthens one
    long lifetime = Math.min(entry.lifetime(), properties.maxLifetime().toSeconds());
    return new StoredEntry(
        HexFormat.of().formatHex(key),
        entry.exists(),
        value,
        entry.storageTime(),
        lifetime,
        base64(entry.signature(), "signature"),
        base64(entry.certificate(), "certificate"),
        chain(kind, entry.chain()),
        0);
  }

  /** A delegated write's chain: exactly the conference's and the focus's certificate. */
  private static List<byte[]> chain(Kind kind, @Nullable List<String> chain) {
    if (chain == null || chain.isEmpty()) {
      return List.of();
    }
    if (kind != Kind.DISCO_REGISTRATION) {
      throw invalid("only DISCO-REGISTRATION entries are written through a focus delegation");
    }
    if (chain.size() != FocusDelegation.CHAIN_LENGTH) {
      throw invalid(
          "a delegation's chain is the conference certificate, then the focus's certificate");
    }
    List<byte[]> certificates = new ArrayList<>();
    for (String certificate : chain) {
      if (certificate == null) {
        throw invalid("a chain holds base64 certificates");
      }
      certificates.add(base64(certificate, "a chain certificate"));
    }
    return certificates;
  }

  private List<KindWrite> check(List<Parsed> kinds, TrustMaterial material) {
    List<KindWrite> writes = new ArrayList<>();
    for (Parsed kind : kinds) {
      for (SignedEntry write : kind.signed()) {
        Optional<String> refusal =
            WriteChecks.firstRefusal(write, material, clock.instant(), verified);
        if (refusal.isPresent()) {
          throw new RegistryException(
              ReloadErrorCode.FORBIDDEN,
              refusal.get(),
              Map.of(
                  "kind", KindNames.name(kind.kind()),
                  "key", HexFormat.of().formatHex(write.entry().key().unsafeArray())));
        }
      }
      writes.add(new KindWrite(kind.kind(), kind.generation(), delegatedSince(kind)));
    }
    return writes;
  }

  /**
   * The kind's entries to store, each delegated one marked with its delegation's notBefore (its
   * chain has passed the checks, so it reads).
   */
  private static List<StoredEntry> delegatedSince(Parsed kind) {
    List<StoredEntry> entries = new ArrayList<>();
    for (StoredEntry entry : kind.stored()) {
      if (entry.chain().isEmpty()) {
        entries.add(entry);
      } else {
        long since =
            FocusDelegation.read(entry.certificate(), entry.chain()).notBefore().toEpochMilli();
        entries.add(entry.delegatedSince(since));
      }
    }
    return entries;
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw invalid("a key is hex digits");
    }
  }

  private static byte[] base64(String text, String field) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid(field + " is base64");
    }
  }

  private static RegistryException invalid(String detail) {
    return new RegistryException(ReloadErrorCode.INVALID_MESSAGE, detail);
  }

  /** How long a change stream waits between re-reads for expiries. */
  public Duration changeSweep() {
    return properties.changeSweep();
  }
}
