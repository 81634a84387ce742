package org.p2psip.landmark.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.p2psip.probe.ProbeResponder;
import org.springframework.context.SmartLifecycle;

/**
 * The probe responder (p2psip-probe) as this service's lifecycle bean, counting every probe in
 * {@code p2psip.landmark.probes{transport, outcome}}.
 */
public final class LandmarkProbeResponder implements SmartLifecycle {

  private final ProbeResponder responder;

  public LandmarkProbeResponder(ProbeResponder.Settings settings, MeterRegistry meters) {
    Map<String, Map<ProbeResponder.Outcome, Counter>> counters =
        Map.of("udp", counters(meters, "udp"), "tcp", counters(meters, "tcp"));
    this.responder =
        new ProbeResponder(
            settings, (transport, outcome) -> counters.get(transport).get(outcome).increment());
  }

  private static Map<ProbeResponder.Outcome, Counter> counters(
      MeterRegistry meters, String transport) {
    Map<ProbeResponder.Outcome, Counter> byOutcome = new EnumMap<>(ProbeResponder.Outcome.class);
    for (ProbeResponder.Outcome outcome : ProbeResponder.Outcome.values()) {
      byOutcome.put(
          outcome,
          Counter.builder("p2psip.landmark.probes")
              .tag("transport", transport)
              .tag("outcome", outcome.name().toLowerCase().replace('_', '-'))
              .register(meters));
    }
    return byOutcome;
  }

  @Override
  public void start() {
    responder.start();
  }

  @Override
  public void stop() {
    responder.stop();
  }

  @Override
  public boolean isRunning() {
    return responder.isRunning();
  }

  /** Before the mesh, which needs the port bound. */
  @Override
  public int getPhase() {
    return 50;
  }

  /** The bound UDP and TCP port; -1 before start. */
  public int port() {
    return responder.port();
  }
}
