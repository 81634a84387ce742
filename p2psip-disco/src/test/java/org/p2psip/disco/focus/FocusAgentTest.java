package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.CoordParameter;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfoXml;
import org.p2psip.disco.state.ElementState;
import org.p2psip.testsupport.FreePorts;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A focus agent and SIP agents of this project on loopback (real UDP): a subscriber gets the full
 * state, then each join and leave as a partial document of the next version; a participant's call
 * is answered with G.711 and its coordinate lands in the focus states; requests the focus cannot
 * serve get clear SIP errors and change nothing.
 */
class FocusAgentTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONF = "sip:conf@example.org";

  private SipEndpoint focusSip;
  private FocusAgent focus;
  private SipEndpoint client;
  private final List<ConferenceInfo> notified = new CopyOnWriteArrayList<>();
  private final ConferenceInfoXml xml = new ConferenceInfoXml();

  @BeforeEach
  void start() throws Exception {
    focusSip =
        SipEndpoint.start(SipEndpoint.Settings.of("focus", "127.0.0.1", FreePorts.tcpAndUdp()));
    focus =
        new FocusAgent(
            focusSip, new FocusAgent.Settings(CONF, "sip:focus@example.org", 2, "127.0.0.1"));
    client =
        SipEndpoint.start(SipEndpoint.Settings.of("client", "127.0.0.1", FreePorts.tcpAndUdp()));
    client.onRequest(
        request -> {
          if (request.method().equals(Request.NOTIFY)) {
            notified.add(xml.read(request.request().getRawContent()));
            return request.respond(Response.OK);
          }
          return request.respond(Response.NOT_IMPLEMENTED);
        });
  }

  @AfterEach
  void stop() {
    focus.close();
    focusSip.close();
    client.close();
  }

  private String focusUri() {
    return focusSip.uri("conf", "udp").toString();
  }

  private SipEndpoint.Answer call(String user, @Nullable String coord) throws Exception {
    return calling(user, coord).block(WAIT);
  }

  /** The call without waiting: nothing blocks a Reactor thread the SIP agent needs too. */
  private Mono<SipEndpoint.Answer> calling(String user, @Nullable String coord) throws Exception {
    SipURI contact = client.uri(user, "udp");
    if (coord != null) {
      contact.setParameter(CoordParameter.NAME, coord);
    }
    Request invite =
        client.request(
            Request.INVITE,
            focusUri(),
            "<sip:" + user + "@example.org>",
            "<" + CONF + ">",
            client.headers().createContactHeader(client.addresses().createAddress(contact)),
            AudioSdp.offer(user, 1, "127.0.0.1", 40_000),
            "application/sdp");
    return client.send(invite);
  }

  private SipEndpoint.Answer subscribe(String event, String accept) throws Exception {
    Request subscribe =
        client.request(
            Request.SUBSCRIBE,
            focusUri(),
            "<sip:watcher@example.org>",
            "<" + CONF + ">",
            null,
            null,
            null);
    subscribe.addHeader(client.headers().createEventHeader(event));
    int slash = accept.indexOf('/');
    subscribe.addHeader(
        client
            .headers()
            .createAcceptHeader(accept.substring(0, slash), accept.substring(slash + 1)));
    subscribe.addHeader(client.headers().createExpiresHeader(60));
    return client.send(subscribe).block(WAIT);
  }

  @Test
  void aSubscriberSeesTheFullStateThenEachJoinAndLeaveWithVersionsRisingByOne() throws Exception {
    assertThat(subscribe("conference", ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE).status())
        .isEqualTo(200);
    await().atMost(WAIT).until(() -> notified.size() == 1);
    ConferenceInfo first = notified.get(0);
    assertThat(first.state()).isEqualTo(ElementState.FULL);
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.focusStates().foci())
        .extracting(f -> f.entity())
        .containsExactly("sip:focus@example.org");

    SipEndpoint.Answer answer = call("alice", "AQI/8AAAAAAAAEAAAAAAAAAA");
    assertThat(answer.status()).isEqualTo(200);
    AudioSdp.Offer sdp = AudioSdp.parse(answer.response().getRawContent());
    assertThat(sdp.payloadTypes()).containsExactly(AudioSdp.PCMU);
    client.ack(answer).block(WAIT);

    await().atMost(WAIT).until(() -> notified.size() == 2);
    ConferenceInfo joined = notified.get(1);
    assertThat(joined.state()).isEqualTo(ElementState.PARTIAL);
    assertThat(joined.version()).isEqualTo(2);
    assertThat(joined.users().users())
        .extracting(u -> u.entity())
        .containsExactly("sip:alice@example.org");
    assertThat(joined.focusStates().foci().get(0).participants().get(0).coordinate())
        .isEqualTo("AQI/8AAAAAAAAEAAAAAAAAAA");
    assertThat(focus.participants()).isEqualTo(1);

    Request bye = client.inDialog(answer.dialog(), Request.BYE);
    assertThat(client.send(bye, answer.dialog()).block(WAIT).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> notified.size() == 3);
    ConferenceInfo left = notified.get(2);
    assertThat(left.version()).isEqualTo(3);
    assertThat(left.users().users().get(0).state()).isEqualTo(ElementState.DELETED);
    assertThat(focus.participants()).isZero();
    assertThat(focus.state().users().users()).isEmpty();
  }

  @Test
  void notificationsOfOneSubscriptionArriveInVersionOrderWhenCallsComeAtOnce() throws Exception {
    focus.close();
    focusSip.close();
    focusSip =
        SipEndpoint.start(SipEndpoint.Settings.of("focus", "127.0.0.1", FreePorts.tcpAndUdp()));
    focus =
        new FocusAgent(
            focusSip, new FocusAgent.Settings(CONF, "sip:focus@example.org", 50, "127.0.0.1"));
    assertThat(subscribe("conference", ConferenceInfoXml.CONFERENCE_INFO_TYPE).status())
        .isEqualTo(200);
    List<SipEndpoint.Answer> answers =
        Flux.range(0, 12)
            .<SipEndpoint.Answer>flatMap(
                i ->
                    Mono.defer(
                        () -> Mono.fromCallable(() -> calling("caller" + i, null)).flatMap(m -> m)),
                12)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> notified.size() == 13);
    assertThat(notified)
        .extracting(ConferenceInfo::version)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
  }

  @Test
  void callsBeyondTheFocusCapacityAreRefusedBusy() throws Exception {
    assertThat(call("a", null).status()).isEqualTo(200);
    assertThat(call("b", null).status()).isEqualTo(200);
    assertThat(call("c", null).status()).isEqualTo(486);
    assertThat(focus.participants()).isEqualTo(2);
  }

  @Test
  void whatTheFocusCannotServeGetsAClearErrorAndChangesNothing() throws Exception {
    Request other =
        client.request(
            Request.INVITE,
            focusSip.uri("other", "udp").toString(),
            "<sip:alice@example.org>",
            "<sip:other@example.org>",
            null,
            AudioSdp.offer("alice", 1, "127.0.0.1", 40_000),
            "application/sdp");
    assertThat(client.send(other).block(WAIT).status()).as("another conference").isEqualTo(404);

    Request garbled =
        client.request(
            Request.INVITE,
            focusUri(),
            "<sip:alice@example.org>",
            "<" + CONF + ">",
            null,
            "not sdp".getBytes(StandardCharsets.US_ASCII),
            "application/sdp");
    assertThat(client.send(garbled).block(WAIT).status()).as("garbled SDP").isEqualTo(400);

    Request video =
        client.request(
            Request.INVITE,
            focusUri(),
            "<sip:alice@example.org>",
            "<" + CONF + ">",
            null,
            "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 111\r\n"
                .getBytes(StandardCharsets.US_ASCII),
            "application/sdp");
    assertThat(client.send(video).block(WAIT).status()).as("no G.711").isEqualTo(488);

    SipEndpoint.Answer badEvent = subscribe("presence", ConferenceInfoXml.CONFERENCE_INFO_TYPE);
    assertThat(badEvent.status()).isEqualTo(489);
    assertThat(badEvent.response().getHeader("Allow-Events").toString()).contains("conference");
    assertThat(subscribe("conference", "text/plain").status()).isEqualTo(406);

    assertThat(focus.participants()).isZero();
    assertThat(focus.state().users().users()).isEmpty();
    assertThat(notified).isEmpty();
    // and it still serves
    assertThat(call("alice", null).status()).isEqualTo(200);
  }
}
