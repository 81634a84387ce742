package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.testsupport.ExternalCommand;
import org.p2psip.testsupport.FreePorts;

/**
 * SIPp (Debian's sip-tester), an independent user agent, against a focus agent over real UDP and
 * TCP: this project's scenarios (src/test/resources/sipp) call the focus (INVITE with G.711 SDP and
 * a coord parameter, 200 with a PCMU answer, ACK, BYE) and subscribe to its conference state (the
 * NOTIFY body checked: a full conference-info of version 1 naming the focus). SIPp exits 0 only if
 * every call of a scenario succeeded. Under CI=true a missing sipp fails the test.
 */
class FocusAgentSippIT {

  private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);

  private SipEndpoint sip;
  private FocusAgent focus;

  @BeforeEach
  void start() throws Exception {
    boolean present = ExternalCommand.available("sh", "-c", "command -v sipp");
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("sipp is not on the PATH (apt-get install -y sip-tester)");
    }
    Assumptions.assumeTrue(present, "sipp is not installed (apt-get install -y sip-tester)");
    sip = SipEndpoint.start(SipEndpoint.Settings.of("focus", "127.0.0.1", FreePorts.tcpAndUdp()));
    focus =
        new FocusAgent(
            sip,
            new FocusAgent.Settings(
                "sip:conf@example.org", "sip:focus@example.org", 50, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    if (focus != null) {
      focus.close();
      sip.close();
    }
  }

  private ExternalCommand.Result sipp(String scenario, String transport, int calls)
      throws Exception {
    Path dir = Files.createTempDirectory("sipp");
    Path xml = dir.resolve(scenario);
    try (var in = FocusAgentSippIT.class.getResourceAsStream("/sipp/" + scenario)) {
      Files.copy(in, xml);
    }
    return ExternalCommand.run(
        SIPP_LIMIT,
        dir,
        "sipp",
        "127.0.0.1:" + sip.settings().port(),
        "-sf",
        xml.toString(),
        "-s",
        "conf",
        "-i",
        "127.0.0.1",
        "-p",
        Integer.toString(FreePorts.tcpAndUdp()),
        "-t",
        transport.equals("tcp") ? "t1" : "u1",
        "-m",
        Integer.toString(calls),
        "-r",
        "10",
        "-timeout",
        "40s",
        "-timeout_error",
        "-trace_err",
        "-nostdin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void sippCallsTheFocusAndHangsUp(String transport) throws Exception {
    ExternalCommand.Result result = sipp("call-focus.xml", transport, 5);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(focus.participants()).as("every call ended by BYE").isZero();
    assertThat(focus.state().users().users()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void sippSubscribesAndReadsTheFullConferenceState(String transport) throws Exception {
    ExternalCommand.Result result = sipp("subscribe-focus.xml", transport, 1);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
