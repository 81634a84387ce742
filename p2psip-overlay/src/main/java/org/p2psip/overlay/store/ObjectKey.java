package org.p2psip.overlay.store;

import java.util.Arrays;
import java.util.Comparator;
import org.p2psip.protocol.value.Id128;

/**
 * What names a stored object (docs/peer-protocol.md 5.1): Resource-ID, Owner Identity and Hash
 * Code. Ordered as the 48-byte string Resource-ID | Owner | Hash, unsigned (digests, inventories).
 */
public record ObjectKey(Id128 resourceId, Id128 owner, Id128 hash)
    implements Comparable<ObjectKey> {

  public static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::resourceId)
          .thenComparing(ObjectKey::owner)
          .thenComparing(ObjectKey::hash);

  /** The 48 bytes Resource-ID | Owner | Hash. */
  public byte[] toBytes() {
    byte[] bytes = Arrays.copyOf(resourceId.unsafeArray(), 48);
    System.arraycopy(owner.unsafeArray(), 0, bytes, 16, 16);
    System.arraycopy(hash.unsafeArray(), 0, bytes, 32, 16);
    return bytes;
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }
}
