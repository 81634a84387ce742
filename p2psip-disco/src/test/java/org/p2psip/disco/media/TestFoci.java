package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.focus.FocusAgent;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.testsupport.FreePorts;

/** Foci of one conference in this JVM and participants calling them with test phones. */
final class TestFoci implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String CONF = "sip:team@example.org";

  private final List<AutoCloseable> open = new ArrayList<>();

  record Focus(String entity, SipEndpoint sip, FocusAgent agent) {
    String contact() {
      return sip.uri("team", "udp").toString();
    }
  }

  Focus focus(String name) throws Exception {
    SipEndpoint sip =
        SipEndpoint.start(SipEndpoint.Settings.of(name, "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(sip);
    String entity = "sip:" + name + "@example.org";
    FocusAgent agent = new FocusAgent(sip, new FocusAgent.Settings(CONF, entity, 10, "127.0.0.1"));
    open.add(agent);
    return new Focus(entity, sip, agent);
  }

  /** Links two foci both ways (a full mesh of two) and waits for their audio relay. */
  void link(Focus a, Focus b) {
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(a.entity(), a.contact()).block(WAIT)).isTrue();
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                a.agent().audioRelays().contains(b.entity())
                    && b.agent().audioRelays().contains(a.entity()));
  }

  /** A participant in a call with {@code focus}, sending {@code hertz} (or nothing) on its RTP. */
  Phone call(String name, Focus focus, @Nullable Double hertz) throws Exception {
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

  @Override
  public void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }
}
