package org.p2psip.registry.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON bodies of the registry's HTTP API (docs/registry.md, {@code /openapi.yaml}). */
public final class ApiTypes {

  private ApiTypes() {}

  /**
   * A dictionary entry with its RELOAD StoredData fields.
   *
   * @param key the dictionary key (the focus's Node-ID for DisCo), hex
   * @param exists false for a delete (tombstone)
   * @param value the value, base64 (an encoded DisCoRegistration for DisCo)
   * @param storageTime the writer's storage_time, ms since the epoch
   * @param lifetime seconds: requested when storing, remaining when fetched
   * @param signature base64 signature over docs/protocol.md 4.3's input
   * @param certificate the signer's certificate, base64 DER (a focus delegation when chain is
   *     given)
   * @param chain only for an entry written through a focus delegation: the conference certificate,
   *     then the focus's certificate, base64 DER (docs/protocol-notes.md, "Focus delegation")
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(
      @Nullable String key,
      @Nullable Boolean exists,
      @Nullable String value,
      @Nullable Long storageTime,
      @Nullable Long lifetime,
      @Nullable String signature,
      @Nullable String certificate,
      @Nullable List<String> chain) {

    /** An entry signed with the signer's own overlay certificate. */
    public Entry(
        @Nullable String key,
        @Nullable Boolean exists,
        @Nullable String value,
        @Nullable Long storageTime,
        @Nullable Long lifetime,
        @Nullable String signature,
        @Nullable String certificate) {
      this(key, exists, value, storageTime, lifetime, signature, certificate, null);
    }
  }

  /** The entries of one kind in a Store; generation 0 or absent means "do not check". */
  public record KindStore(
      @Nullable String kind, @Nullable Long generation, @Nullable List<Entry> entries) {}

  /** A Store: every kind's entries are stored together or not at all. */
  public record StoreRequest(@Nullable List<KindStore> kinds) {}

  public record KindGeneration(String kind, long kindId, long generation, int stored) {}

  public record StoreResponse(String resourceId, List<KindGeneration> kinds) {}

  /** A Fetch answer; {@code unchanged} (entries empty) when the generation asked for is current. */
  public record FetchResponse(
      String resourceId,
      String kind,
      long kindId,
      long generation,
      boolean unchanged,
      List<Entry> entries) {}

  /** Stat of one entry: no value, its length and SHA-256 instead (RFC 6940 MetaData). */
  public record EntryMeta(
      String key,
      boolean exists,
      long storageTime,
      long lifetime,
      int valueLength,
      String valueSha256) {}

  public record KindStat(
      String kind, long kindId, boolean exists, long generation, List<EntryMeta> entries) {}

  /** {@code available}: no live data of any kind, so the URI may be claimed (DisCo 4.3). */
  public record StatResponse(String resourceId, boolean available, List<KindStat> kinds) {}

  /** A decoded DisCoRegistration. */
  public record Registration(
      String type,
      double @Nullable [] coordinate,
      @Nullable String uri,
      @Nullable List<String> destinations) {}

  public record RankedFocus(
      String key, @Nullable Double predictedRttMillis, Registration registration, Entry entry) {}

  public record ClosestResponse(
      String resourceId, long generation, double[] coordinate, List<RankedFocus> foci) {}

  /** One event of a change stream. */
  public record Change(String type, @Nullable String key, long generation, @Nullable Entry entry) {}
}
