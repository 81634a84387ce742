package org.p2psip.overlay.store;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Octets;

/**
 * One version of a stored object as a peer's store holds it (docs/peer-protocol.md 5.1): its
 * identity, its stamp, the Value Type, and the content (absent for a tombstone, and in inventory
 * and want entries).
 */
public record StoredVersion(
    ObjectKey key, Version version, int valueType, @Nullable Octets content) {

  public DigestEntry digestEntry() {
    return new DigestEntry(key, version);
  }

  /** The same version without its content (inventory entries, 5.7). */
  public StoredVersion withoutContent() {
    return content == null ? this : new StoredVersion(key, version, valueType, null);
  }
}
