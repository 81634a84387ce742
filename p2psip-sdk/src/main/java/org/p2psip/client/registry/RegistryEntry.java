package org.p2psip.client.registry;

import org.jspecify.annotations.Nullable;

/**
 * A dictionary entry as the registry's HTTP API carries it (disco-registry-service {@code
 * /openapi.yaml}): key hex, value/signature/certificate base64.
 */
public record RegistryEntry(
    String key,
    @Nullable Boolean exists,
    @Nullable String value,
    Long storageTime,
    Long lifetime,
    @Nullable String signature,
    @Nullable String certificate) {}
