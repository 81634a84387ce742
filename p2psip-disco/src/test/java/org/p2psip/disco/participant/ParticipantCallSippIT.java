package org.p2psip.disco.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.disco.Sipp;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.testsupport.ExternalCommand;
import org.p2psip.testsupport.FreePorts;

/**
 * A participant of this project calling SIPp playing a focus
 * (src/test/resources/sipp/focus-uas.xml) over UDP and TCP: SIPp checks the INVITE (a coord
 * parameter in the Contact, a PCMU offer) and the SUBSCRIBE (the conference package, RFC 4575's
 * type), sends the roster in a NOTIFY, and exits 0 only when the participant also ended both with
 * Expires 0 and BYE; the participant shows the roster SIPp sent and the codec it answered.
 */
class ParticipantCallSippIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private SipEndpoint sip;

  @BeforeEach
  void start() throws Exception {
    Sipp.requirePresent();
    sip = SipEndpoint.start(SipEndpoint.Settings.of("carol", "127.0.0.1", FreePorts.tcpAndUdp()));
  }

  @AfterEach
  void stop() {
    if (sip != null) {
      sip.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aParticipantCallsSippSeesItsRosterAndHangsUp(String transport) throws Exception {
    callsAndHangsUp("focus-uas.xml", transport);
  }

  /** RFC 6665 lets a notifier send the first NOTIFY before its 200 to the SUBSCRIBE. */
  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aNotifyBeforeTheSubscriptionsAcceptanceIsTaken(String transport) throws Exception {
    callsAndHangsUp("focus-uas-notify-first.xml", transport);
  }

  private void callsAndHangsUp(String scenario, String transport) throws Exception {
    int port = FreePorts.tcpAndUdp();
    CompletableFuture<ExternalCommand.Result> sipp =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Sipp.run(scenario, port, transport, 2);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(WAIT).until(() -> bound(port, transport) || sipp.isDone());

    String target =
        "sip:team@127.0.0.1:" + port + (transport.equals("tcp") ? ";transport=tcp" : "");
    ParticipantCall call =
        ParticipantCall.join(
                sip,
                new ParticipantCall.Settings(
                    "sip:team@example.org",
                    "sip:carol@example.org",
                    "127.0.0.1",
                    new byte[] {1, 1, 0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0}),
                target)
            .block(WAIT);
    assertThat(call.media().payloadTypes()).containsExactly(AudioSdp.PCMU);
    ConferenceInfo roster = call.roster().blockFirst(WAIT);
    assertThat(roster.users().users())
        .extracting(ConferenceInfo.User::entity)
        .containsExactly("sip:alice@example.org", "sip:sipp@example.org");

    call.hangUp().block(WAIT);
    ExternalCommand.Result result = sipp.get();
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(call.ended()).isTrue();
  }

  /** Whether something (SIPp) listens on {@code port} of {@code transport} already. */
  private static boolean bound(int port, String transport) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (var probe =
        transport.equals("tcp")
            ? new ServerSocket(port, 1, loopback)
            : new DatagramSocket(port, loopback)) {
      return false;
    } catch (IOException taken) {
      return true;
    }
  }
}
