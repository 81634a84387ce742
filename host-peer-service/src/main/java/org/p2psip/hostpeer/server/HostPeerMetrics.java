package org.p2psip.hostpeer.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.message.ResponseCode;

/**
 * Host-peer meters, exported through Actuator (Prometheus): connections, joined sessions and
 * requests in flight as gauges; requests by type and response code with a latency histogram; decode
 * failures by code; connections refused at the limit.
 */
public final class HostPeerMetrics {

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  public HostPeerMetrics(MeterRegistry registry, SessionRegistry sessions) {
    this.registry = registry;
    Gauge.builder("p2psip.hostpeer.connections", sessions, SessionRegistry::size)
        .description("open client connections")
        .register(registry);
    Gauge.builder("p2psip.hostpeer.sessions.joined", sessions, SessionRegistry::joinedCount)
        .description("clients that have joined")
        .register(registry);
    Gauge.builder("p2psip.hostpeer.requests.inflight", sessions, s -> s.totalInFlight().get())
        .description("requests being processed")
        .register(registry);
  }

  public void request(String type, int code, Duration latency) {
    // looked up in a map of our own: building and registering the meter costs more than the
    // request it measures
    timers
        .computeIfAbsent(
            type + ' ' + code,
            key ->
                Timer.builder("p2psip.hostpeer.requests")
                    .description("client requests by message type and response code")
                    .tag("type", type)
                    .tag("code", Integer.toString(code))
                    .publishPercentileHistogram()
                    .register(registry))
        .record(latency);
  }

  public void decodeFailure(ResponseCode code) {
    Counter.builder("p2psip.hostpeer.decode.failures")
        .tag("code", Integer.toString(code.code()))
        .register(registry)
        .increment();
  }

  public void connectionRefused() {
    registry.counter("p2psip.hostpeer.connections.refused").increment();
  }
}
