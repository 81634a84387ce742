package org.p2psip.registry.store;

import java.util.List;

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
 * @param certificate the signer's certificate, DER (a focus delegation when chain is not empty)
 * @param chain for an entry written through a focus delegation, the conference certificate and the
 *     focus's, DER; empty otherwise
 * @param delegatedSince when writing through a delegation, its notBefore in ms: a tombstone of the
 *     key stored at or after it revokes the delegation (checked atomically by the store); 0
 *     otherwise, and when read. Not stored.
 */
public record StoredEntry(
    String key,
    boolean exists,
    byte[] value,
    long storageTime,
    long lifetime,
    byte[] signature,
    byte[] certificate,
    List<byte[]> chain,
    long delegatedSince) {

  public StoredEntry {
    chain = List.copyOf(chain);
  }

  public StoredEntry withLifetime(long remaining) {
    return new StoredEntry(
        key, exists, value, storageTime, remaining, signature, certificate, chain, 0);
  }

  /** The same entry, to be refused if a tombstone of its key is as recent as {@code since}. */
  public StoredEntry delegatedSince(long since) {
    return new StoredEntry(
        key, exists, value, storageTime, lifetime, signature, certificate, chain, since);
  }
}
