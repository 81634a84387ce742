package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.participant.ParticipantAudio;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.testsupport.FreePorts;

/**
 * Audio through real foci and real SIP calls: participants of two linked foci send tones over the
 * RTP of their calls; each hears the others' (its own focus's participants mixed there, the other
 * focus's through the relay call the foci set up between them) and not its own. A focus that leaves
 * ends its relay.
 */
class FociAudioTest {

  @Test
  void participantsOfLinkedFociHearEveryoneButThemselves() throws Exception {
    try (TestFoci foci = new TestFoci()) {
      TestFoci.Focus a = foci.focus("a");
      TestFoci.Focus b = foci.focus("b");
      foci.link(a, b);
      // a sorts first: it placed the one relay call between the two
      assertThat(a.agent().audioRelays()).isEqualTo(List.of(b.entity()));

      Phone alice = foci.call("alice", a, 440.0);
      Phone bob = foci.call("bob", a, 1000.0);
      Phone carol = foci.call("carol", b, 700.0);

      ConferenceMediaTest.hears(alice, 440, 1000, 700);
      ConferenceMediaTest.hears(bob, 1000, 440, 700);
      ConferenceMediaTest.hears(carol, 700, 440, 1000);
      assertThat(a.agent().mediaLegs()).hasSize(3); // two calls, one relay
      assertThat(a.agent().mediaLegs())
          .allSatisfy(leg -> assertThat(leg.counts().received()).isPositive());

      // a participant as the command line is one: ParticipantAudio sends its tone and tells
      // which tones the conference carries
      DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      SipEndpoint sip =
          SipEndpoint.start(SipEndpoint.Settings.of("dave", "127.0.0.1", FreePorts.tcpAndUdp()));
      try (sip) {
        var dave =
            ParticipantCall.join(
                    sip,
                    new ParticipantCall.Settings(
                        TestFoci.CONF, "sip:dave@example.org", "127.0.0.1", null),
                    b.contact(),
                    rtp)
                .block(TestFoci.WAIT);
        try (var audio = ParticipantAudio.start(rtp, dave::media, 550.0)) {
          await()
              .atMost(TestFoci.WAIT)
              .untilAsserted(
                  () ->
                      assertThat(audio.tones(500))
                          .extracting(ParticipantAudio.Tone::hertz)
                          .contains(440, 1000, 700)
                          .doesNotContain(550));
          assertThat(audio.amplitudeOf(550)).isLessThan(100);
          ConferenceMediaTest.hears(alice, 440, 1000, 700, 550);
        }
        dave.hangUp().block(TestFoci.WAIT);
      }

      // b leaves: its relay ends on both sides
      b.agent().leave(Duration.ofSeconds(2)).block(TestFoci.WAIT);
      await().atMost(TestFoci.WAIT).until(() -> a.agent().audioRelays().isEmpty());
    }
  }
}
