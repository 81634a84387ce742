package org.p2psip.hostpeer.overlay.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * The binary value of one version in the store:
 *
 * <pre>
 * Storage Time (8) | T (1) | Expiry (8) | Value Type (2) | C (1) | content
 * </pre>
 *
 * The first 17 bytes are the stamp, laid out so that comparing them as unsigned bytes gives the
 * version order of 5.1 (Storage Time, T, Expiry): the scripts compare versions byte by byte, with
 * no 64-bit arithmetic in Lua's doubles. Times are big-endian with the sign bit flipped, so
 * unsigned byte order is signed numeric order. C is 1 when content follows (0 for a tombstone), so
 * an empty content and no content stay apart.
 */
final class VersionCodec {

  /** Bytes of the stamp; the scripts read it at these offsets. */
  static final int STAMP_BYTES = 17;

  private static final int HEADER_BYTES = STAMP_BYTES + 2 + 1;
  private static final int MAX_VALUE_TYPE = 0xFFFF;

  private VersionCodec() {}

  static byte[] encode(StoredVersion stored) {
    int valueType = stored.valueType();
    if (valueType < 0 || valueType > MAX_VALUE_TYPE) {
      throw new IllegalArgumentException("a Value Type has 16 bits: " + valueType);
    }
    Octets content = stored.content();
    int contentBytes = content == null ? 0 : content.length();
    ByteBuffer value = ByteBuffer.allocate(HEADER_BYTES + contentBytes);
    Version version = stored.version();
    value.putLong(ordered(version.storageTime()));
    value.put((byte) (version.tombstone() ? 1 : 0));
    value.putLong(ordered(version.expiry()));
    value.putShort((short) valueType);
    value.put((byte) (content == null ? 0 : 1));
    if (content != null) {
      value.put(content.unsafeArray());
    }
    return value.array();
  }

  /** The version stored under {@code key}; rejects a value that is not one {@link #encode} made. */
  static StoredVersion decode(ObjectKey key, byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException("a stored version has at least 20 bytes: " + bytes.length);
    }
    ByteBuffer value = ByteBuffer.wrap(bytes);
    long storageTime = ordered(value.getLong());
    boolean tombstone = flag(value.get(), "T");
    long expiry = ordered(value.getLong());
    int valueType = value.getShort() & MAX_VALUE_TYPE;
    boolean hasContent = flag(value.get(), "C");
    if (!hasContent && value.hasRemaining()) {
      throw new IllegalArgumentException("content after C = 0");
    }
    Octets content =
        hasContent ? Octets.wrap(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length)) : null;
    return new StoredVersion(key, new Version(storageTime, tombstone, expiry), valueType, content);
  }

  /** A time as the stamp holds it, for comparisons in the scripts (the sweep's "now"). */
  static byte[] time(long millis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(ordered(millis)).array();
  }

  /** The hash field of an object: Owner (16) | Hash (16). */
  static byte[] field(ObjectKey key) {
    byte[] field = Arrays.copyOf(key.owner().unsafeArray(), 2 * Id128.LENGTH);
    System.arraycopy(key.hash().unsafeArray(), 0, field, Id128.LENGTH, Id128.LENGTH);
    return field;
  }

  static ObjectKey key(Id128 resourceId, byte[] field) {
    if (field.length != 2 * Id128.LENGTH) {
      throw new IllegalArgumentException("a stored field has 32 bytes: " + field.length);
    }
    return new ObjectKey(
        resourceId,
        Id128.wrap(Arrays.copyOfRange(field, 0, Id128.LENGTH)),
        Id128.wrap(Arrays.copyOfRange(field, Id128.LENGTH, field.length)));
  }

  /** Flipping the sign bit maps signed order onto unsigned order, and back. */
  private static long ordered(long value) {
    return value ^ Long.MIN_VALUE;
  }

  private static boolean flag(byte value, String name) {
    if (value != 0 && value != 1) {
      throw new IllegalArgumentException(name + " is 0 or 1, not " + value);
    }
    return value == 1;
  }
}
