package org.p2psip.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The responder and the prober against each other over real UDP. The probe load generator against
 * the responder: ProbeLoadIT in p2psip-load.
 */
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
      // Only what cannot fail on a loaded machine: the delay is a lower bound of the late RTT
      // (upper bounds on time are not asserted, CONTRIBUTING.md).
      assertThat(rtts[0]).isPositive();
      assertThat(rtts[1]).isGreaterThanOrEqualTo(25);
      assertThat(counts.get("udp/ANSWERED").sum()).isEqualTo(6);
    } finally {
      prompt.stop();
      late.stop();
    }
  }
}
