package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.testsupport.FreePorts;
import org.p2psip.testsupport.TestPki;

/**
 * DisCo 4.4's writing permission, the draft's way kept as an explicit option: a focus told to pass
 * it sends its credentials in an INFO after the ACK of a call made over TLS, and never over a
 * transport in clear.
 */
class FocusRightsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CONF = "sip:team@example.org";
  private static final byte[] CREDENTIALS =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static SipTls member(TestPki pki, String user) throws Exception {
    TestPki.Issued issued = pki.client(user, "0123456789abcdef0123456789abcdef", "example.org");
    return SipTls.of(
        issued.keys().getPrivate(), List.of(issued.certificate()), pki.ca.certificate(), 0);
  }

  private ParticipantCall join(SipEndpoint.Settings settings, String target) {
    SipEndpoint sip = SipEndpoint.start(settings);
    open.add(sip);
    return ParticipantCall.join(
            sip,
            new ParticipantCall.Settings(
                CONF, "sip:" + settings.name() + "@example.org", "127.0.0.1", null),
            target)
        .block(WAIT);
  }

  @Test
  void theCredentialsGoToAParticipantOverTlsOnlyAfterItsAck() throws Exception {
    TestPki pki = new TestPki("overlay CA");
    SipEndpoint focusSip =
        SipEndpoint.start(
            SipEndpoint.Settings.of("focus", "127.0.0.1", FreePorts.tcpAndUdp())
                .withTls(member(pki, "team@example.org")));
    open.add(focusSip);
    FocusAgent focus =
        new FocusAgent(
            focusSip, new FocusAgent.Settings(CONF, "sip:focus@example.org", 10, "127.0.0.1"));
    open.add(focus);
    focus.passRightsWith(CREDENTIALS);

    ParticipantCall overTls =
        join(
            SipEndpoint.Settings.of("dave", "127.0.0.1", FreePorts.tcpAndUdp())
                .withTls(member(pki, "dave@example.org")),
            focusSip.uri("team", "tls").toString());
    assertThat(overTls.focusRights().blockFirst(WAIT)).isEqualTo(CREDENTIALS);

    ParticipantCall inClear =
        join(
            SipEndpoint.Settings.of("erin", "127.0.0.1", FreePorts.tcpAndUdp()),
            focusSip.uri("team", "udp").toString());
    assertThat(inClear.focusRights().take(Duration.ofSeconds(2)).collectList().block(WAIT))
        .isEmpty();

    // told to stop: a later participant over TLS gets nothing
    focus.passRightsWith(null);
    ParticipantCall later =
        join(
            SipEndpoint.Settings.of("frank", "127.0.0.1", FreePorts.tcpAndUdp())
                .withTls(member(pki, "frank@example.org")),
            focusSip.uri("team", "tls").toString());
    assertThat(later.focusRights().take(Duration.ofSeconds(2)).collectList().block(WAIT)).isEmpty();
    assertThat(focus.participants()).isEqualTo(3);
  }
}
