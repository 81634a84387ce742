package org.p2psip.client.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A dictionary entry as the registry's HTTP API carries it (disco-registry-service {@code
 * /openapi.yaml}): key hex, value/signature/certificate base64; {@code chain} only for an entry
 * signed through a focus delegation (the conference certificate, then the focus's, base64 DER).
 */
public record RegistryEntry(
    String key,
    @Nullable Boolean exists,
    @Nullable String value,
    Long storageTime,
    Long lifetime,
    @Nullable String signature,
    @Nullable String certificate,
    @Nullable List<String> chain) {

  /** An entry signed with the owner's own certificate: no chain. */
  public RegistryEntry(
      String key,
      @Nullable Boolean exists,
      @Nullable String value,
      Long storageTime,
      Long lifetime,
      @Nullable String signature,
      @Nullable String certificate) {
    this(key, exists, value, storageTime, lifetime, signature, certificate, null);
  }
}
