package org.p2psip.client.registry;

/**
 * A dictionary entry as the registry's HTTP API carries it (disco-registry-service {@code
 * /openapi.yaml}): key hex, value/signature/certificate base64.
 */
public record RegistryEntry(
    String key,
    Boolean exists,
    String value,
    Long storageTime,
    Long lifetime,
    String signature,
    String certificate) {}
