package org.p2psip.overlay.store;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The stamp of one version of a stored object (docs/peer-protocol.md 5.1): Storage Time and Expiry
 * in ms since the Unix epoch, and whether it is a tombstone. Versions are ordered by (Storage Time,
 * T, Expiry); applying one replaces the current version only if it is newer.
 */
public record Version(long storageTime, boolean tombstone, long expiry)
    implements Comparable<Version> {

  public static final Comparator<Version> ORDER =
      Comparator.comparingLong(Version::storageTime)
          .thenComparing(Version::tombstone)
          .thenComparingLong(Version::expiry);

  public Version {
    if (expiry <= storageTime) {
      throw new IllegalArgumentException(
          "a version expires after it is stored: " + storageTime + " / " + expiry);
    }
  }

  /** Strictly newer than {@code other}; anything is newer than no version at all. */
  public boolean isNewerThan(@Nullable Version other) {
    return other == null || compareTo(other) > 0;
  }

  /** Live at {@code nowMillis}: not a tombstone and not expired. */
  public boolean isLiveAt(long nowMillis) {
    return !tombstone && expiry > nowMillis;
  }

  /** Not yet expired at {@code nowMillis} (a tombstone is kept until its Expiry, too). */
  public boolean isKeptAt(long nowMillis) {
    return expiry > nowMillis;
  }

  /**
   * The Storage Time the responsible peer gives a new version: its clock, but always after the
   * current version's, so its own writes are ordered even when peers' clocks differ.
   */
  public static long nextStorageTime(long clockMillis, @Nullable Version current) {
    return current == null ? clockMillis : Math.max(clockMillis, current.storageTime + 1);
  }

  @Override
  public int compareTo(Version other) {
    return ORDER.compare(this, other);
  }
}
