package org.p2psip.hostpeer.overlay.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What section 9 says to count rather than answer, refused connections and established ones; for
 * metrics, read from any thread.
 */
public final class TransportCounters {

  private final AtomicLong droppedResponses = new AtomicLong();
  private final AtomicLong refusedConnections = new AtomicLong();
  private final AtomicLong failedHandshakes = new AtomicLong();
  private volatile int establishedConnections;

  void establishedConnections(int count) {
    establishedConnections = count;
  }

  /** Peer connections with a completed handshake, opened here or by the peer. */
  public int establishedConnections() {
    return establishedConnections;
  }

  void droppedResponse() {
    droppedResponses.incrementAndGet();
  }

  void refusedConnection() {
    refusedConnections.incrementAndGet();
  }

  void failedHandshake() {
    failedHandshakes.incrementAndGet();
  }

  /** Responses without a pending entry, or malformed ones (section 9: dropped, counted). */
  public long droppedResponses() {
    return droppedResponses.get();
  }

  /** Accepted connections closed at once because max-peer-connections were open. */
  public long refusedConnections() {
    return refusedConnections.get();
  }

  /** Handshakes refused by this peer or answers to its own handshakes it refused. */
  public long failedHandshakes() {
    return failedHandshakes.get();
  }
}
