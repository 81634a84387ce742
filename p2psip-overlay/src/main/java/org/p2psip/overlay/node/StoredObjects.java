package org.p2psip.overlay.node;

import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** Stored versions to and from their wire forms (docs/peer-protocol.md 2.3, 5.4). */
final class StoredObjects {

  private StoredObjects() {}

  /** A Stored Object attribute: O and H set, E clear, C iff {@code withContent} and present. */
  static StoredObject toAttribute(StoredVersion version, boolean withContent) {
    ObjectKey key = version.key();
    return new StoredObject(
        version.version().storageTime(),
        version.version().expiry(),
        version.version().tombstone(),
        new ResourceInfo(
            version.valueType(),
            key.resourceId(),
            null,
            key.owner(),
            Octets.wrap(key.hash().toByteArray()),
            withContent ? version.content() : null));
  }

  /**
   * A Stored Object received; null when it lacks O or H or its Expiry does not follow its Storage
   * Time (checked by the caller as 401).
   */
  static @Nullable StoredVersion fromAttribute(StoredObject object) {
    ResourceInfo info = object.resourceInfo();
    if (info.owner() == null
        || info.contentHash() == null
        || object.expiry() <= object.storageTime()) {
      return null;
    }
    return new StoredVersion(
        new ObjectKey(
            info.resourceId(), info.owner(), Id128.wrap(info.contentHash().toByteArray())),
        new Version(object.storageTime(), object.tombstone(), object.expiry()),
        info.valueType(),
        info.content());
  }

  /** A GET answer's Resource Info: E = remaining seconds, rounded up; O, H and C set. */
  static ResourceInfo toAnswer(StoredVersion version, long nowMillis) {
    long remaining = Math.max(0, version.version().expiry() - nowMillis);
    return new ResourceInfo(
        version.valueType(),
        version.key().resourceId(),
        Math.min(0xFFFF_FFFFL, (remaining + 999) / 1000),
        version.key().owner(),
        Octets.wrap(version.key().hash().toByteArray()),
        version.content());
  }

  /** Encoded size of a Stored Object: 78 bytes plus the content it carries (2.3). */
  static int encodedSize(StoredVersion version, boolean withContent) {
    return toAttribute(version, withContent).encodedLength();
  }
}
