package org.p2psip.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.p2psip.client.load.LoadReport;
import org.p2psip.client.load.ProbeLoad;
import org.p2psip.client.load.UdpEcho;
import reactor.netty.Connection;

/** The SDK's responder, prober and probe load generator against each other over real UDP. */
class ProbeRoundTripIT {

  static ProbeResponder responder(Duration replyDelay, Map<String, LongAdder> counts) {
    return new ProbeResponder(
            new ProbeResponder.Settings("focus-1", "127.0.0.1", 0, 100_000, 10_000, replyDelay),
            (transport, outcome) ->
                counts.computeIfAbsent(transport + "/" + outcome, k -> new LongAdder()).increment())
        .start();
  }

  @Test
  void aReplyDelayLengthensTheMeasuredRttAndEveryProbeIsCounted() {
    Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    ProbeResponder prompt = responder(Duration.ZERO, counts);
    ProbeResponder late = responder(Duration.ofMillis(25), counts);
    try {
      double[] rtts =
          new RttProber(3, Duration.ofSeconds(1), Duration.ofMillis(2))
              .measure(
                  List.of(
                      InetSocketAddress.createUnresolved("127.0.0.1", prompt.port()),
                      InetSocketAddress.createUnresolved("localhost", late.port())))
              .block(Duration.ofSeconds(10));
      assertThat(rtts[0]).isPositive().isLessThan(25);
      assertThat(rtts[1]).isGreaterThanOrEqualTo(25).isLessThan(1000);
      assertThat(counts.get("udp/ANSWERED").sum()).isEqualTo(6);
    } finally {
      prompt.stop();
      late.stop();
    }
  }

  @Test
  void theLoadGeneratorMeasuresTheResponderAndAPlainEcho() {
    ProbeResponder landmark = responder(Duration.ZERO, new ConcurrentHashMap<>());
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
      assertThat(probes.requests()).isGreaterThan(100);
      assertThat(probes.errors()).isZero();
      assertThat(echoes.requests()).isGreaterThan(100);
      assertThat(echoes.errors()).isZero();
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
