package org.p2psip.disco.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.testsupport.FreePorts;
import reactor.core.publisher.Mono;

/**
 * Two SIP agents on loopback, over real UDP and TCP sockets: a call set up and ended with the
 * stack's transactions and dialogs (INVITE, 200 with a body, ACK, BYE), requests nobody handles
 * answered 501, and a request to a port nobody listens on failing rather than hanging.
 */
class SipEndpointTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private SipEndpoint caller;
  private SipEndpoint callee;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    caller =
        SipEndpoint.start(SipEndpoint.Settings.of("caller", "127.0.0.1", FreePorts.tcpAndUdp()));
    callee =
        SipEndpoint.start(SipEndpoint.Settings.of("callee", "127.0.0.1", FreePorts.tcpAndUdp()));
    callee.onRequest(
        request -> {
          seen.add(request.method());
          return switch (request.method()) {
            case Request.INVITE ->
                Mono.defer(
                    () -> {
                      Response ok = request.response(Response.OK);
                      ok.addHeader(callee.contact("conf", "udp"));
                      callee.setBody(
                          ok, "v=0\r\n".getBytes(StandardCharsets.US_ASCII), "application/sdp");
                      return request.respond(ok);
                    });
            case Request.ACK -> Mono.empty();
            case Request.BYE -> request.respond(Response.OK);
            default -> request.respond(Response.NOT_IMPLEMENTED);
          };
        });
  }

  @AfterEach
  void stop() {
    caller.close();
    callee.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aCallIsSetUpAcknowledgedAndEnded(String transport) {
    String target = callee.uri("conf", transport).toString();
    Request invite =
        caller.request(
            Request.INVITE,
            target,
            "<sip:alice@example.org>",
            "<sip:conf@example.org>",
            null,
            "v=0\r\n".getBytes(StandardCharsets.US_ASCII),
            "application/sdp");

    SipEndpoint.Answer answer = caller.send(invite).block(WAIT);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(new String(answer.response().getRawContent(), StandardCharsets.US_ASCII))
        .isEqualTo("v=0\r\n");
    assertThat(answer.dialog()).isNotNull();
    caller.ack(answer).block(WAIT);

    Request bye = caller.inDialog(answer.dialog(), Request.BYE);
    assertThat(caller.send(bye, answer.dialog()).block(WAIT).status()).isEqualTo(200);
    // the ACK and the BYE are handled on separate stack threads: either may be seen first
    await().atMost(WAIT).until(() -> seen.size() == 3);
    assertThat(seen.get(0)).isEqualTo(Request.INVITE);
    assertThat(seen).containsExactlyInAnyOrder(Request.INVITE, Request.ACK, Request.BYE);
  }

  @Test
  void aRequestNobodyHandlesIsAnswered501() {
    SipEndpoint bare;
    try {
      bare = SipEndpoint.start(SipEndpoint.Settings.of("bare", "127.0.0.1", FreePorts.tcpAndUdp()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    try {
      Request options =
          caller.request(
              Request.OPTIONS,
              bare.uri("x", "udp").toString(),
              "<sip:alice@example.org>",
              "<sip:x@example.org>",
              null,
              null,
              null);
      assertThat(caller.send(options).block(WAIT).status()).isEqualTo(501);
    } finally {
      bare.close();
    }
  }

  @Test
  void aRequestOverTcpToAPortNobodyListensOnFails() throws Exception {
    int nobody = FreePorts.tcpAndUdp();
    Request options =
        caller.request(
            Request.OPTIONS,
            "sip:x@127.0.0.1:" + nobody + ";transport=tcp",
            "<sip:alice@example.org>",
            "<sip:x@example.org>",
            null,
            null,
            null);
    Throwable failure =
        caller.send(options).map(a -> (Throwable) null).onErrorResume(Mono::just).block(WAIT);
    assertThat(failure).isInstanceOf(SipFailure.class);
  }
}
