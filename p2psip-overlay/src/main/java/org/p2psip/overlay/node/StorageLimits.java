package org.p2psip.overlay.node;

import org.p2psip.overlay.store.Lifetimes;

/**
 * The record limits (the client protocol's {@code records.*}, equal on every peer) and the storage
 * timings of docs/peer-protocol.md 5 and 8.3.
 *
 * @param handoverGraceMillis how long the replica range must stay unchanged before versions outside
 *     it are dropped (5.8)
 * @param repairBytesPerSecond the pace of DATA batches to one peer in repair and handovers (5.7)
 */
public record StorageLimits(
    int maxValueBytes,
    int maxObjectsPerResource,
    Lifetimes lifetimes,
    long replicaTimeoutMillis,
    long maxClockSkewMillis,
    long repairIntervalMillis,
    long handoverGraceMillis,
    long repairBytesPerSecond) {

  public static final StorageLimits DEFAULTS =
      new StorageLimits(
          8192, 64, Lifetimes.DEFAULTS, 2_000, 30_000, 60_000, 60_000, 4L * 1024 * 1024);
}
