package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.focus.FocusAgent;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.testsupport.FreePorts;

/**
 * Audio through real foci and real SIP calls: participants of two linked foci send tones over the
 * RTP of their calls; each hears the others' (its own focus's participants mixed there, the other
 * focus's through the relay call the foci set up between them) and not its own. A focus that leaves
 * ends its relay.
 */
class FociAudioTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONF = "sip:team@example.org";

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private record Focus(String entity, SipEndpoint sip, FocusAgent agent) {
    String contact() {
      return sip.uri("team", "udp").toString();
    }
  }

  private Focus focus(String name) throws Exception {
    SipEndpoint sip =
        SipEndpoint.start(SipEndpoint.Settings.of(name, "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(sip);
    String entity = "sip:" + name + "@example.org";
    FocusAgent agent = new FocusAgent(sip, new FocusAgent.Settings(CONF, entity, 10, "127.0.0.1"));
    open.add(agent);
    return new Focus(entity, sip, agent);
  }

  /** A participant in a call with {@code focus}, sending {@code hertz} on the call's RTP. */
  private Phone call(String name, Focus focus, double hertz) throws Exception {
    SipEndpoint sip =
        SipEndpoint.start(SipEndpoint.Settings.of(name, "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(sip);
    Phone phone = new Phone(RtpPacket.PCMU, hertz);
    open.add(phone);
    ParticipantCall call =
        ParticipantCall.join(
                sip,
                new ParticipantCall.Settings(
                    CONF, "sip:" + name + "@example.org", "127.0.0.1", null),
                focus.contact(),
                phone.socket)
            .block(WAIT);
    AudioSdp.Offer answer = call.media();
    assertThat(answer.payloadTypes()).startsWith(RtpPacket.PCMU);
    phone.start(new InetSocketAddress(answer.address(), answer.port()));
    return phone;
  }

  @Test
  void participantsOfLinkedFociHearEveryoneButThemselves() throws Exception {
    Focus a = focus("a");
    Focus b = focus("b");
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(a.entity(), a.contact()).block(WAIT)).isTrue();
    // a sorts first: it places the one relay call between the two
    await().atMost(WAIT).until(() -> a.agent().audioRelays().equals(List.of(b.entity())));
    await().atMost(WAIT).until(() -> b.agent().audioRelays().equals(List.of(a.entity())));

    Phone alice = call("alice", a, 440);
    Phone bob = call("bob", a, 1000);
    Phone carol = call("carol", b, 700);

    ConferenceMediaTest.hears(alice, 440, 1000, 700);
    ConferenceMediaTest.hears(bob, 1000, 440, 700);
    ConferenceMediaTest.hears(carol, 700, 440, 1000);
    assertThat(a.agent().mediaLegs()).hasSize(3); // two calls, one relay
    assertThat(a.agent().mediaLegs())
        .allSatisfy(leg -> assertThat(leg.counts().received()).isPositive());

    // b leaves: its relay ends on both sides
    b.agent().leave(Duration.ofSeconds(2)).block(WAIT);
    await().atMost(WAIT).until(() -> a.agent().audioRelays().isEmpty());
  }
}
