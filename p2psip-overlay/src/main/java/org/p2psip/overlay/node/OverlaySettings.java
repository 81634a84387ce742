package org.p2psip.overlay.node;

import org.p2psip.protocol.attribute.OverlayInfo;

/**
 * The overlay settings of docs/peer-protocol.md 8.3 a node needs, in milliseconds. The host peer
 * maps its {@code p2psip.host-peer.overlay.*} properties onto this record.
 */
public record OverlaySettings(
    OverlayInfo overlay,
    boolean seed,
    long bootstrapTimeoutMillis,
    int replicationFactor,
    int writeQuorum,
    int listSize,
    int initialTtl,
    long keepaliveIntervalMillis,
    int keepaliveMissed,
    long stabilizeIntervalMillis,
    long fingerIntervalMillis,
    long requestTimeoutMillis,
    long retransmitAfterMillis,
    long hopTimeoutMillis,
    long connectTimeoutMillis,
    long joinTimeoutMillis,
    long leaveTimeoutMillis,
    long deadPeerIgnoreMillis,
    int maxPendingForwards) {

  public OverlaySettings {
    if (replicationFactor < 1 || writeQuorum < 1 || writeQuorum > replicationFactor) {
      throw new IllegalArgumentException(
          "need 1 <= W <= R: R = " + replicationFactor + ", W = " + writeQuorum);
    }
    if (listSize < replicationFactor || listSize > 16) {
      throw new IllegalArgumentException("need R <= S <= 16: S = " + listSize);
    }
    if (initialTtl < 2 || initialTtl > 255) {
      throw new IllegalArgumentException("initial TTL 2..255: " + initialTtl);
    }
  }

  /** The defaults of 8.3 for {@code overlay}. */
  public static OverlaySettings defaults(OverlayInfo overlay, boolean seed) {
    return new OverlaySettings(
        overlay, seed, 10_000, 3, 2, 4, 32, 5_000, 3, 10_000, 1_000, 10_000, 3_000, 3_000, 2_000,
        60_000, 10_000, 60_000, 10_000);
  }

  /** The same settings for a seed ({@code true}) or a non-seed. */
  public OverlaySettings withSeed(boolean isSeed) {
    return new OverlaySettings(
        overlay,
        isSeed,
        bootstrapTimeoutMillis,
        replicationFactor,
        writeQuorum,
        listSize,
        initialTtl,
        keepaliveIntervalMillis,
        keepaliveMissed,
        stabilizeIntervalMillis,
        fingerIntervalMillis,
        requestTimeoutMillis,
        retransmitAfterMillis,
        hopTimeoutMillis,
        connectTimeoutMillis,
        joinTimeoutMillis,
        leaveTimeoutMillis,
        deadPeerIgnoreMillis,
        maxPendingForwards);
  }
}
