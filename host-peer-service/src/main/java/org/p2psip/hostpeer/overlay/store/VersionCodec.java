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
 * Storage Time (8) | T (1) | Expiry (8) | Value Type (2) | content length (4) | content
 * </pre>
 *
 * The first 17 bytes are the stamp, laid out so that comparing them as unsigned bytes gives the
 * version order of 5.1 (Storage Time, T, Expiry): the scripts compare versions byte by byte, with
 * no 64-bit arithmetic in Lua's doubles. Times are big-endian with the sign bit flipped, so
 * unsigned byte order is signed numeric order. The content length is -1 when there is no content (a
 * tombstone), so an empty content and no content stay apart, and a cut value is detected.
 */
final class VersionCodec {

  /** Bytes of the stamp; the scripts read it at these offsets. */
  static final int STAMP_BYTES = 17;

  private static final int HEADER_BYTES = STAMP_BYTES + 2 + Integer.BYTES;
  private static final int NO_CONTENT = -1;
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
    value.putInt(content == null ? NO_CONTENT : contentBytes);
    if (content != null) {
      value.put(content.unsafeArray());
    }
    return value.array();
  }

  /** The version stored under {@code key}; rejects a value that is not one {@link #encode} made. */
  static StoredVersion decode(ObjectKey key, byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "a stored version has at least " + HEADER_BYTES + " bytes: " + bytes.length);
    }
    ByteBuffer value = ByteBuffer.wrap(bytes);
    long storageTime = ordered(value.getLong());
    boolean tombstone = flag(value.get());
    long expiry = ordered(value.getLong());
    int valueType = value.getShort() & MAX_VALUE_TYPE;
    int contentBytes = value.getInt();
    boolean whole =
        contentBytes == NO_CONTENT ? !value.hasRemaining() : contentBytes == value.remaining();
    if (!whole) {
      throw new IllegalArgumentException(
          "content length " + contentBytes + " with " + value.remaining() + " bytes after it");
    }
    Octets content =
        contentBytes == NO_CONTENT
            ? null
            : Octets.wrap(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
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

  private static boolean flag(byte value) {
    if (value != 0 && value != 1) {
      throw new IllegalArgumentException("T is 0 or 1, not " + value);
    }
    return value == 1;
  }
}
