package org.p2psip.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2psip.probe.ProbeResponder;
import reactor.netty.Connection;

/**
 * The SDK's probe load generator against the probe responder and a plain UDP echo over real UDP.
 * The responder against the prober: ProbeRoundTripIT in p2psip-probe.
 */
class ProbeLoadIT {

  static ProbeResponder responder() {
    return new ProbeResponder(
            new ProbeResponder.Settings("focus-1", "127.0.0.1", 0, 100_000, 10_000, Duration.ZERO),
            ProbeResponder.Listener.NONE)
        .start();
  }

  @Test
  void theLoadGeneratorMeasuresTheResponderAndAPlainEcho() {
    ProbeResponder landmark = responder();
    Connection echo = UdpEcho.bind("127.0.0.1", 0);
    try {
      LoadReport probes =
          ProbeLoad.run(
                  "probe",
                  new InetSocketAddress("127.0.0.1", landmark.port()),
                  false,
                  4,
                  Duration.ofMillis(200),
                  Duration.ofMillis(800))
              .block(Duration.ofSeconds(30));
      LoadReport echoes =
          ProbeLoad.run(
                  "udp-echo",
                  (InetSocketAddress) echo.address(),
                  true,
                  4,
                  Duration.ofMillis(200),
                  Duration.ofMillis(800))
              .block(Duration.ofSeconds(30));
      // how many fit in the window depends on the machine's load: any number proves the loop;
      // throughput is measured by scripts/bench-landmark.sh, not asserted here
      // an error is a probe without an answer in time: on a machine loaded by other work a few
      // may come late (CI saw one); answers counted as errors would make nearly all of them so
      assertThat(probes.requests()).isPositive();
      assertThat(probes.errors()).isLessThanOrEqualTo(Math.max(1, probes.requests() / 20));
      assertThat(echoes.requests()).isPositive();
      assertThat(echoes.errors()).isLessThanOrEqualTo(Math.max(1, echoes.requests() / 20));
      // echoes are not answers: without acceptEchoes the generator would see none
      LoadReport strict =
          ProbeLoad.run(
                  "strict",
                  (InetSocketAddress) echo.address(),
                  false,
                  1,
                  Duration.ZERO,
                  Duration.ofMillis(600))
              .block(Duration.ofSeconds(30));
      assertThat(strict.requests()).isZero();
      assertThat(strict.errors()).isPositive();
    } finally {
      landmark.stop();
      echo.disposeNow();
    }
  }
}
