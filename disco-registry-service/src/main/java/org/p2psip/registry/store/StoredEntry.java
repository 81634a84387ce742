package org.p2psip.registry.store;

/**
 * One dictionary entry as the registry keeps it: the RELOAD StoredData fields (docs/protocol.md
 * 4.3) plus the signer's certificate, so a reader can check the signature itself.
 *
 * @param key the dictionary key (for DisCo the focus's Node-ID), lower-case hex
 * @param exists false for a tombstone
 * @param value the value bytes (for DisCo an encoded DisCoRegistration); empty for a tombstone
 * @param storageTime the writer's storage_time, ms since the epoch
 * @param lifetime seconds: as stored when writing, remaining when read
 * @param signature the signature over docs/protocol.md 4.3's input
 * @param certificate the signer's certificate, DER
 */
public record StoredEntry(
    String key,
    boolean exists,
    byte[] value,
    long storageTime,
    long lifetime,
    byte[] signature,
    byte[] certificate) {

  public StoredEntry withLifetime(long remaining) {
    return new StoredEntry(key, exists, value, storageTime, remaining, signature, certificate);
  }
}
