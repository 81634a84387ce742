package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfoXml;
import org.p2psip.testsupport.FreePorts;

/**
 * Hostile and broken SIP at a focus over real UDP and TCP: garbage, a request line that is not SIP,
 * a Content-Length that lies, a message larger than the agent takes, an oversized SDP, a NOTIFY of
 * no subscription, an unsolicited document. Each gets a clear error or is dropped (a TCP connection
 * closed); the focus's state is untouched and it serves the next honest call.
 */
class FocusHostileInputTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONF = "sip:conf@example.org";

  private SipEndpoint focusSip;
  private FocusAgent focus;
  private SipEndpoint client;

  @BeforeEach
  void start() throws Exception {
    focusSip =
        SipEndpoint.start(SipEndpoint.Settings.of("focus", "127.0.0.1", FreePorts.tcpAndUdp()));
    focus =
        new FocusAgent(
            focusSip, new FocusAgent.Settings(CONF, "sip:focus@example.org", 10, "127.0.0.1"));
    client = SipEndpoint.start(SipEndpoint.Settings.of("client", "127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    focus.close();
    focusSip.close();
    client.close();
  }

  private int port() {
    return focusSip.settings().port();
  }

  /** An honest call still works, and nothing but it changed the state. */
  private void stillServes(ConferenceInfo before) {
    assertThat(focus.state()).isEqualTo(before);
    Request invite =
        client.request(
            Request.INVITE,
            focusSip.uri("conf", "udp").toString(),
            "<sip:honest@example.org>",
            "<" + CONF + ">",
            null,
            AudioSdp.offer("honest", 1, "127.0.0.1", 40_000),
            "application/sdp");
    SipEndpoint.Answer answer = client.send(invite).block(WAIT);
    assertThat(answer.status()).isEqualTo(200);
    client.ack(answer).block(WAIT);
    assertThat(focus.participants()).isEqualTo(1);
  }

  private static byte[] ascii(String text) {
    return text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private String invite(int contentLength, String body) {
    return "INVITE sip:conf@127.0.0.1:"
        + port()
        + " SIP/2.0\n"
        + "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-hostile-"
        + System.nanoTime()
        + "\n"
        + "From: <sip:mallory@example.org>;tag=1\n"
        + "To: <"
        + CONF
        + ">\n"
        + "Call-ID: hostile-"
        + System.nanoTime()
        + "\n"
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:mallory@127.0.0.1:9;transport=tcp>\n"
        + "Max-Forwards: 70\n"
        + "Content-Type: application/sdp\n"
        + "Content-Length: "
        + contentLength
        + "\n\n"
        + body;
  }

  @Test
  void garbageOverUdpIsDropped() throws Exception {
    ConferenceInfo before = focus.state();
    try (DatagramSocket socket = new DatagramSocket()) {
      for (byte[] datagram :
          List.of(
              new byte[0],
              new byte[] {0, 1, 2, 3, (byte) 0xff},
              ascii("HELLO WORLD\n\n"),
              ascii("INVITE\n\n"),
              ascii("SIP/2.0 200 OK\nCSeq: banana\n\n"),
              ascii(invite(5, "v=0\n")))) {
        socket.send(
            new DatagramPacket(
                datagram, datagram.length, InetAddress.getLoopbackAddress(), port()));
      }
    }
    stillServes(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not sip at all\n\n",
        "INVITE sip:conf@x SIP/9.9\n\n",
        "GET / HTTP/1.1\nHost: x\n\n",
      })
  void garbageOverTcpGetsNoCrash(String text) throws Exception {
    ConferenceInfo before = focus.state();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write(ascii(text));
      socket.getOutputStream().flush();
      readWhatComes(socket.getInputStream());
    }
    stillServes(before);
  }

  @Test
  void aContentLengthThatLiesAndAMessageTooLargeAreRefusedOverTcp() throws Exception {
    ConferenceInfo before = focus.state();
    // the body never comes: the connection waits, then is given up; nothing is applied
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write(ascii(invite(5_000, "v=0\n")));
      socket.getOutputStream().flush();
      readWhatComes(socket.getInputStream());
    }
    // 100 KB: more than the 64 KB the agent takes; the stack closes the connection
    char[] filler = new char[100 * 1024];
    Arrays.fill(filler, 'a');
    String huge = "v=0\n" + new String(filler);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(ascii(invite(huge.length() + 1, huge)));
        out.flush();
      } catch (java.io.IOException closedWhileWriting) {
        // the agent may close before the whole message is written: that is the point
      }
      String answer = readWhatComes(socket.getInputStream());
      assertThat(answer).doesNotContain("SIP/2.0 200");
    }
    stillServes(before);
  }

  @Test
  void anOversizedSdpIsAnswered400() {
    ConferenceInfo before = focus.state();
    byte[] sdp = new byte[AudioSdp.MAX_BYTES + 100];
    Arrays.fill(sdp, (byte) 'a');
    byte[] start = AudioSdp.offer("big", 1, "127.0.0.1", 40_000);
    System.arraycopy(start, 0, sdp, 0, start.length);
    Request invite =
        client.request(
            Request.INVITE,
            focusSip.uri("conf", "udp").toString().replace("udp", "tcp") + ";transport=tcp",
            "<sip:big@example.org>",
            "<" + CONF + ">",
            null,
            sdp,
            "application/sdp");
    assertThat(client.send(invite).block(WAIT).status()).isEqualTo(400);
    stillServes(before);
  }

  @Test
  void aNotifyOfNoSubscriptionIsAnswered481AndChangesNothing() {
    ConferenceInfo before = focus.state();
    Request notify =
        client.request(
            Request.NOTIFY,
            focusSip.uri("conf", "udp").toString(),
            "<sip:mallory@example.org>",
            "<" + CONF + ">",
            null,
            new ConferenceInfoXml()
                .write(
                    new ConferenceInfo(
                        CONF,
                        1,
                        org.p2psip.disco.state.ElementState.FULL,
                        null,
                        new ConferenceInfo.Users(
                            org.p2psip.disco.state.ElementState.FULL, List.of()),
                        new ConferenceInfo.FocusStates(
                            org.p2psip.disco.state.ElementState.FULL, List.of()))),
            ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE);
    try {
      notify.addHeader(client.headers().createEventHeader("conference"));
      notify.addHeader(client.headers().createSubscriptionStateHeader("active"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(client.send(notify).block(WAIT).status()).isEqualTo(481);
    stillServes(before);
  }

  @Test
  void aRefreshOfASubscriptionTheFocusDoesNotHaveIsAnswered481() throws Exception {
    ConferenceInfo before = focus.state();
    Request refresh =
        client.request(
            Request.SUBSCRIBE,
            focusSip.uri("conf", "udp").toString(),
            "<sip:watcher@example.org>",
            "<" + CONF + ">",
            null,
            null,
            null);
    ((javax.sip.header.ToHeader) refresh.getHeader("To")).setTag("gone");
    refresh.addHeader(client.headers().createEventHeader("conference"));
    refresh.addHeader(client.headers().createExpiresHeader(60));
    assertThat(client.send(refresh).block(WAIT).status()).isEqualTo(481);
    stillServes(before);
  }

  /** Whatever the server sends until it closes or goes quiet. */
  private static String readWhatComes(InputStream in) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
    } catch (SocketTimeoutException | java.net.SocketException quiet) {
      // no more
    }
    return text.toString();
  }
}
