package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.disco.Sipp;
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

  private SipEndpoint sip;
  private FocusAgent focus;

  @BeforeEach
  void start() throws Exception {
    Sipp.requirePresent();
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
    return Sipp.run(
        scenario,
        FreePorts.tcpAndUdp(),
        transport,
        calls,
        "127.0.0.1:" + sip.settings().port(),
        "-s",
        "conf",
        "-r",
        "10");
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
