package org.p2psip.hostpeer.overlay.peer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.p2psip.hostpeer.overlay.transport.TransportCounters;
import org.p2psip.hostpeer.status.RingMembership;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.message.MessageType;

/**
 * The ring's metrics (docs/host-peer.md "Metrics"), all under {@code p2psip.overlay.*}: routed
 * requests this peer originates for its clients (time, hops, answer code), requests it forwards,
 * silent drops, replica confirmations and write quorums, transferred versions and bytes, repair
 * rounds, dead peers, peer connections and ring membership.
 */
final class OverlayMetrics {

  private final MeterRegistry registry;
  // gauges hold their object weakly: this (kept by the overlay peer) is theirs, not a lambda
  private final Supplier<TransportCounters> transport;

  OverlayMetrics(
      MeterRegistry registry, RingMembership membership, Supplier<TransportCounters> transport) {
    this.registry = registry;
    this.transport = transport;
    Gauge.builder("p2psip.overlay.member", membership, m -> m.member() ? 1 : 0)
        .description("1 while this peer is a ring member (clients served), else 0")
        .register(registry);
    Gauge.builder(
            "p2psip.overlay.connections", this, m -> m.transport.get().establishedConnections())
        .description("peer connections with a completed handshake")
        .register(registry);
    Gauge.builder(
            "p2psip.overlay.connections.refused", this, m -> m.transport.get().refusedConnections())
        .description("accepted peer connections closed at once (max-peer-connections)")
        .register(registry);
    Gauge.builder(
            "p2psip.overlay.handshakes.failed", this, m -> m.transport.get().failedHandshakes())
        .description("peer handshakes refused, by this peer or by the other")
        .register(registry);
    Gauge.builder(
            "p2psip.overlay.responses.dropped", this, m -> m.transport.get().droppedResponses())
        .description("responses without a pending request, or malformed (dropped, counted)")
        .register(registry);
  }

  /** A client's request routed through the ring: its answer code, time and hop count. */
  void routed(MessageType type, int code, Duration took, int hops) {
    Timer.builder("p2psip.overlay.requests")
        .description("routed requests this peer originated for its clients, until the answer")
        .tag("type", type.name())
        .tag("code", Integer.toString(code))
        .register(registry)
        .record(took);
    DistributionSummary.builder("p2psip.overlay.hops")
        .description("hops from this peer to the peer that answered (0: this peer)")
        .tag("type", type.name())
        .register(registry)
        .record(hops);
  }

  void forwarded() {
    counter("p2psip.overlay.forwarded", "requests passed on to a next hop").increment();
  }

  void dropped(String why) {
    Counter.builder("p2psip.overlay.dropped")
        .description("messages dropped without an answer (peer-protocol.md 3.5, 9)")
        .tag("reason", why)
        .register(registry)
        .increment();
  }

  void peerDead() {
    counter("p2psip.overlay.peers.dead", "neighbours found dead").increment();
  }

  void replicaAnswered(boolean applied) {
    Counter.builder("p2psip.overlay.replica.answers")
        .description("replicas' answers to this peer's replicate transfers")
        .tag("outcome", applied ? "applied" : "failed")
        .register(registry)
        .increment();
  }

  void writeQuorum(boolean reached) {
    Counter.builder("p2psip.overlay.write.quorum")
        .description("writes this peer was responsible for, by whether W copies were confirmed")
        .tag("outcome", reached ? "reached" : "missed")
        .register(registry)
        .increment();
  }

  void transferSent(Reason reason, int versions, int bytes) {
    String tag = reason.name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder("p2psip.overlay.transfer.versions")
        .description("versions sent in TRANSFER DATA")
        .tag("reason", tag)
        .register(registry)
        .increment(versions);
    Counter.builder("p2psip.overlay.transfer.bytes")
        .description("bytes of TRANSFER DATA sent")
        .baseUnit("bytes")
        .tag("reason", tag)
        .register(registry)
        .increment(bytes);
  }

  void repairFinished(boolean completed) {
    Counter.builder("p2psip.overlay.repairs")
        .description("repair rounds with one replica (peer-protocol.md 5.7)")
        .tag("outcome", completed ? "completed" : "broken-off")
        .register(registry)
        .increment();
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
