package org.p2psip.overlay.store;

/**
 * The lifetime rule of docs/peer-protocol.md 5.1: the PUT's Expiration Time in seconds, the default
 * when 0, capped at the maximum (the client protocol's {@code records.*} settings).
 */
public record Lifetimes(long defaultSeconds, long maximumSeconds) {

  public static final Lifetimes DEFAULTS = new Lifetimes(3600, 86_400);

  public Lifetimes {
    if (defaultSeconds <= 0 || maximumSeconds < defaultSeconds) {
      throw new IllegalArgumentException(
          "lifetimes: default " + defaultSeconds + " s, maximum " + maximumSeconds + " s");
    }
  }

  /** The lifetime a request asking for {@code requestedSeconds} gets. */
  public long effectiveSeconds(long requestedSeconds) {
    return requestedSeconds <= 0 ? defaultSeconds : Math.min(requestedSeconds, maximumSeconds);
  }

  /** Expiry = Storage Time + lifetime x 1000. */
  public long expiry(long storageTime, long requestedSeconds) {
    return storageTime + effectiveSeconds(requestedSeconds) * 1000;
  }
}
