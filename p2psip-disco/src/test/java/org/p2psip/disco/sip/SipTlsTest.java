package org.p2psip.disco.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.TestPki;
import reactor.core.publisher.Mono;

/**
 * SIP over TLS with overlay certificates, over real sockets: a call between two overlay members,
 * and what the TLS port refuses (a certificate of another CA, no certificate at all, plain text, a
 * connection that never completes its handshake) while it goes on serving members.
 */
class SipTlsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestPki overlay;
  private static TestPki stranger;

  private SipEndpoint callee;
  private final List<SipEndpoint> callers = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void pki() throws Exception {
    overlay = new TestPki("overlay CA");
    stranger = new TestPki("another CA");
  }

  private static SipTls member(TestPki pki, String user) throws Exception {
    TestPki.Issued issued = pki.client(user, "0123456789abcdef0123456789abcdef", "example.org");
    return SipTls.of(
        issued.keys().getPrivate(), List.of(issued.certificate()), overlay.ca.certificate(), 0);
  }

  @BeforeEach
  void start() throws Exception {
    callee =
        SipEndpoint.start(
            SipEndpoint.Settings.of("callee", "127.0.0.1", 0)
                .withTls(member(overlay, "focus@example.org")));
    callee.onRequest(
        request -> {
          seen.add(request.method() + " " + request.request().getHeader("Via"));
          return switch (request.method()) {
            case Request.INVITE ->
                Mono.defer(
                    () -> {
                      Response ok = request.response(Response.OK);
                      ok.addHeader(callee.contact("conf", "tls"));
                      callee.setBody(
                          ok, "v=0\r\n".getBytes(StandardCharsets.US_ASCII), "application/sdp");
                      return request.respond(ok);
                    });
            case Request.ACK -> Mono.empty();
            default -> request.respond(Response.OK);
          };
        });
  }

  @AfterEach
  void stop() {
    callers.forEach(SipEndpoint::close);
    callee.close();
  }

  private SipEndpoint caller(SipEndpoint.Settings settings) {
    SipEndpoint caller = SipEndpoint.start(settings);
    callers.add(caller);
    return caller;
  }

  private Request invite(SipEndpoint caller, String target) {
    return caller.request(
        Request.INVITE,
        target,
        "<sip:alice@example.org>",
        "<sip:conf@example.org>",
        null,
        "v=0\r\n".getBytes(StandardCharsets.US_ASCII),
        "application/sdp");
  }

  @Test
  void twoOverlayMembersCallEachOtherOverTls() throws Exception {
    SipEndpoint caller =
        caller(
            SipEndpoint.Settings.of("caller", "127.0.0.1", 0)
                .withTls(member(overlay, "alice@example.org")));
    String target = callee.uri("conf", "tls").toString();
    assertThat(target).contains(":" + callee.port("tls")).contains("transport=tls");

    SipEndpoint.Answer answer = caller.send(invite(caller, target)).block(WAIT);

    assertThat(answer.status()).isEqualTo(200);
    caller.ack(answer).block(WAIT);
    assertThat(
            caller
                .send(caller.inDialog(answer.dialog(), Request.BYE), answer.dialog())
                .block(WAIT)
                .status())
        .isEqualTo(200);
    await().atMost(WAIT).until(() -> seen.size() == 3);
    assertThat(seen).allMatch(line -> line.contains("SIP/2.0/TLS"));
    assertThat(seen.get(0)).startsWith("INVITE");
  }

  @Test
  void aSipsTargetIsReachedOverTls() throws Exception {
    SipEndpoint caller =
        caller(
            SipEndpoint.Settings.of("caller", "127.0.0.1", 0)
                .withTls(member(overlay, "alice@example.org")));
    String target = "sips:conf@127.0.0.1:" + callee.port("tls");

    assertThat(caller.send(invite(caller, target)).block(WAIT).status()).isEqualTo(200);
    assertThat(seen.get(0)).contains("SIP/2.0/TLS");
  }

  @Test
  void aPlainTlsClientWithAnOverlayCertificateGetsItsAnswerOnItsOwnConnection() throws Exception {
    // not JAIN-SIP on this side: the JDK's TLS socket and SIP written out by hand (RFC 3261 18.2.2:
    // the response comes back on the connection the request came over)
    TestPki.Issued issued =
        overlay.client("bob@example.org", "0123456789abcdef0123456789abcdef", "example.org");
    javax.net.ssl.SSLContext context =
        SipTls.of(
                issued.keys().getPrivate(),
                List.of(issued.certificate()),
                overlay.ca.certificate(),
                0)
            .context();
    try (SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), callee.port("tls"))) {
      socket.setSoTimeout(10_000);
      String options =
          "OPTIONS sip:conf@127.0.0.1:"
              + callee.port("tls")
              + ";transport=tls SIP/2.0\r\n"
              + "Via: SIP/2.0/TLS 127.0.0.1:"
              + socket.getLocalPort()
              + ";branch=z9hG4bK-tls-1\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:bob@example.org>;tag=1\r\n"
              + "To: <sip:conf@example.org>\r\n"
              + "Call-ID: tls-raw-1@127.0.0.1\r\n"
              + "CSeq: 1 OPTIONS\r\n"
              + "Content-Length: 0\r\n\r\n";
      socket.getOutputStream().write(options.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[2048];
      while (!answer.toString().contains("\r\n\r\n")) {
        int read = socket.getInputStream().read(buffer);
        if (read < 0) {
          break;
        }
        answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
      }
      assertThat(answer.toString())
          .startsWith("SIP/2.0 200")
          .contains("CSeq: 1 OPTIONS")
          .contains("Call-ID: tls-raw-1@127.0.0.1");
      assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }
  }

  @Test
  void aCertificateOfAnotherCaIsRefusedAndTheAgentGoesOnServing() throws Exception {
    SipEndpoint intruder =
        caller(
            SipEndpoint.Settings.of("intruder", "127.0.0.1", 0)
                .withTls(member(stranger, "mallory@example.org")));

    Throwable failure =
        intruder
            .send(invite(intruder, callee.uri("conf", "tls").toString()))
            .map(a -> (Throwable) null)
            .onErrorResume(Mono::just)
            .block(Duration.ofSeconds(60));

    assertThat(failure).isInstanceOf(RuntimeException.class);
    assertThat(seen).isEmpty();
    aMemberStillGetsThrough();
  }

  @Test
  void noCertificatePlainTextAndASilentConnectionAreDroppedAndTheAgentGoesOnServing()
      throws Exception {
    int port = callee.port("tls");
    // plain SIP over TCP to the TLS port: not a TLS record, the connection is closed
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
      plain.setSoTimeout(10_000);
      OutputStream out = plain.getOutputStream();
      out.write(
          ("OPTIONS sip:conf@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKx\r\n"
                  + "Content-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = plain.getInputStream();
      byte[] buffer = new byte[512];
      int read;
      do {
        read = in.read(buffer);
      } while (read > 0
          && !new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains("SIP"));
      assertThat(read).isLessThanOrEqualTo(0);
    } catch (java.net.SocketException reset) {
      // a reset is a refusal too
    }
    // TLS without a client certificate: the handshake fails
    java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("ca", overlay.ca.certificate());
    javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    trust.init(anchors);
    javax.net.ssl.SSLContext anonymous = javax.net.ssl.SSLContext.getInstance("TLS");
    anonymous.init(null, trust.getTrustManagers(), null);
    try (SSLSocket bare =
        (SSLSocket)
            anonymous.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      bare.setSoTimeout(10_000);
      bare.startHandshake();
      // TLS 1.3 reports a refused client certificate only at the first read
      int got = bare.getInputStream().read();
      assertThat(got).isEqualTo(-1);
    } catch (javax.net.ssl.SSLException | java.net.SocketException refused) {
      // the handshake (TLS 1.2) or the first read (TLS 1.3) fails, or the connection is reset;
      // a read timeout (no answer at all) is neither, and fails the test
      assertThat(refused).isNotInstanceOf(java.net.SocketTimeoutException.class);
    }
    // a connection that says nothing holds nothing up
    try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
      aMemberStillGetsThrough();
    }
  }

  private void aMemberStillGetsThrough() throws Exception {
    seen.clear();
    SipEndpoint member =
        caller(
            SipEndpoint.Settings.of("member", "127.0.0.1", 0)
                .withTls(member(overlay, "alice@example.org")));
    assertThat(
            member.send(invite(member, callee.uri("conf", "tls").toString())).block(WAIT).status())
        .isEqualTo(200);
  }
}
