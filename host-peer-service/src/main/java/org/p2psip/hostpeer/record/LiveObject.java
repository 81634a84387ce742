package org.p2psip.hostpeer.record;

/**
 * A stored object and when it expires (ms since the epoch, by the store's clock).
 *
 * @param expiresAt expiry in ms since the epoch
 */
public record LiveObject(StoredObject object, long expiresAt) {

  /** Whole seconds of lifetime left at {@code now} (rounded up); 0 once expired. */
  public long remainingSeconds(long now) {
    long remaining = expiresAt - now;
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
  }

  public long remainingSeconds() {
    return remainingSeconds(System.currentTimeMillis());
  }
}
