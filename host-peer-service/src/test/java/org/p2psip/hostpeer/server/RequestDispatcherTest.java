package org.p2psip.hostpeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.LOAD;
import static org.p2psip.hostpeer.UnitFixtures.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.handler.RejectCodes;
import org.p2psip.hostpeer.handler.RequestHandler;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.LoopFailures;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.codec.DecodeFailure;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The dispatcher with handlers of the test's own: what it answers itself (decode failures, peer
 * headers, unknown types, incomplete requests, requests before Join, a failing or slow store) and
 * what it hands on, with what it records and reports.
 */
class RequestDispatcherTest {

  static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);
  static int transactions = 1;

  final MeterRegistry meters = new SimpleMeterRegistry();
  final HostPeerMetrics metrics = new HostPeerMetrics(meters, new SessionRegistry());
  final AtomicInteger statusChecks = new AtomicInteger();
  final PeerStatusMonitor status =
      new PeerStatusMonitor(
          () -> {
            statusChecks.incrementAndGet();
            return Mono.just("PONG");
          },
          new SessionRegistry(),
          LOAD,
          STORE_TIMEOUT,
          new LoopFailures(meters, "peer-status"),
          VirtualTimeScheduler.create(),
          () -> 0L);
  final List<Message> handled = new CopyOnWriteArrayList<>();
  final Map<MessageType, RequestHandler> handlers = new EnumMap<>(MessageType.class);
  final Session session = session("s", 0);

  RequestDispatcherTest() {
    for (MessageType type : MessageType.values()) {
      handlers.put(type, answering(ResponseCode.OK));
    }
    handlers.remove(MessageType.UPDATE);
  }

  RequestHandler answering(ResponseCode code) {
    return (session, request) -> {
      handled.add(request);
      return Mono.just(Responses.to(request, code));
    };
  }

  RequestDispatcher dispatcher() {
    return new RequestDispatcher(handlers, STORE_TIMEOUT, status, metrics);
  }

  static Message request(MessageType type, Attribute... attributes) {
    return new Message(Header.clientRequest(type, transactions++), List.of(attributes));
  }

  static Message get() {
    return request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, Id128.random()));
  }

  Reply dispatch(Object inbound) {
    return dispatcher().dispatch(session, inbound).block();
  }

  static int code(Reply reply) {
    return reply.message().response().code();
  }

  @Test
  void anUndecodableMessageGetsItsErrorAnswerAndIsCounted() {
    Header header = Header.clientRequest(MessageType.PUT, 42);
    Reply reply =
        dispatch(new DecodeFailure(ResponseCode.MESSAGE_TOO_LARGE, header, true, "too long"));
    assertThat(code(reply)).isEqualTo(433);
    assertThat(reply.message().header().transactionId()).isEqualTo(42);
    assertThat(reply.close()).isTrue();

    Reply headless = dispatch(new DecodeFailure(ResponseCode.BAD_PARAMETERS, null, true, "junk"));
    assertThat(headless.message()).as("nothing to answer").isNull();
    assertThat(headless.close()).isTrue();

    assertThat(meters.get("p2psip.hostpeer.decode.failures").tag("code", "433").counter().count())
        .isEqualTo(1);
    assertThat(handled).isEmpty();
  }

  @Test
  void answersFromTheClientAndAnythingAfterLeaveAreConsumedSilently() {
    Message answerToNotify = Responses.to(request(MessageType.NOTIFY), ResponseCode.OK);
    assertThat(dispatcher().dispatch(session, answerToNotify).blockOptional()).isEmpty();

    session.leave();
    assertThat(dispatcher().dispatch(session, request(MessageType.INQUIRE)).blockOptional())
        .isEmpty();
    assertThat(handled).isEmpty();
  }

  @Test
  void peerProtocolMessagesAreRejected() {
    Message peer =
        new Message(
            Header.peerRequest(MessageType.INQUIRE, 7, Id128.random(), Id128.random()), List.of());
    assertThat(code(dispatch(peer))).isEqualTo(403);
    assertThat(handled).isEmpty();
  }

  @Test
  void aTypeWithoutAHandlerIsUnrecognized() {
    assertThat(code(dispatch(request(MessageType.UPDATE)))).isEqualTo(434);
  }

  @Test
  void anIncompleteRequestIsBadParametersAndNeverHandled() {
    assertThat(code(dispatch(request(MessageType.JOIN)))).as("Join without Client").isEqualTo(401);
    session.join(Id128.random(), null, null);
    assertThat(code(dispatch(request(MessageType.GET))))
        .as("Get without Resource Info")
        .isEqualTo(401);
    assertThat(handled).isEmpty();
  }

  @Test
  void storeAndKeepAliveRequestsWaitForJoinOthersDoNot() {
    Octets x = Octets.utf8("x");
    ResourceInfo put = ResourceInfo.put(ValueType.SIP_CONTACT_URI, Id128.random(), 60, null, x);
    ResourceInfo remove =
        new ResourceInfo(1, Id128.random(), null, Id128.random(), ResourceInfo.hashOf(x), null);
    for (Message beforeJoin :
        List.of(
            request(MessageType.PUT, put),
            get(),
            request(MessageType.KEEPALIVE),
            request(MessageType.REMOVE, remove))) {
      Reply reply = dispatch(beforeJoin);
      assertThat(code(reply)).as(beforeJoin.type().name()).isEqualTo(409);
      assertThat(reply.message().response().subCode()).isEqualTo(RejectCodes.NOT_JOINED);
    }
    assertThat(handled).isEmpty();

    assertThat(code(dispatch(request(MessageType.INQUIRE)))).isEqualTo(200);
    assertThat(
            code(
                dispatch(
                    request(MessageType.JOIN, ClientInfo.of(InetAddress.getLoopbackAddress())))))
        .isEqualTo(200);
    assertThat(handled)
        .extracting(Message::type)
        .containsExactly(MessageType.INQUIRE, MessageType.JOIN);

    session.join(Id128.random(), null, null);
    assertThat(code(dispatch(get()))).isEqualTo(200);
  }

  @Test
  void theHandlersAnswerIsSentAndTimedByTypeAndCode() {
    handlers.put(MessageType.INQUIRE, answering(ResponseCode.JOIN_REQUEST_DEFERRED));
    Message inquire = request(MessageType.INQUIRE);
    Reply reply = dispatch(inquire);
    assertThat(code(reply)).isEqualTo(410);
    assertThat(reply.message().header().transactionId())
        .isEqualTo(inquire.header().transactionId());
    assertThat(reply.close()).isFalse();
    assertThat(handled).containsExactly(inquire);
    Timer timer =
        meters.get("p2psip.hostpeer.requests").tag("type", "INQUIRE").tag("code", "410").timer();
    assertThat(timer.count()).isEqualTo(1);
  }

  @Test
  void aSuppressedResponseIsServedButNotSent() {
    Message inquire =
        new Message(
            Header.clientRequest(MessageType.INQUIRE, transactions++).withSuppressResponse(true),
            List.of());
    Reply reply = dispatch(inquire);
    assertThat(reply.message()).isNull();
    assertThat(reply.close()).isFalse();
    assertThat(handled).containsExactly(inquire);
  }

  @Test
  void leaveIsAnsweredThenTheConnectionCloses() {
    Reply reply = dispatch(request(MessageType.LEAVE));
    assertThat(code(reply)).isEqualTo(200);
    assertThat(reply.close()).isTrue();
  }

  @Test
  void aFailingStoreIs408AndMakesTheStatusMonitorLookAgainAtOnce() {
    status.start();
    try {
      session.join(Id128.random(), null, null);
      handlers.put(
          MessageType.GET,
          (session, request) -> Mono.error(new IllegalStateException("injected: store refused")));
      assertThat(code(dispatch(get()))).isEqualTo(408);
      assertThat(statusChecks).hasValue(1);
    } finally {
      status.stop();
    }
  }

  @Test
  void aStoreThatDoesNotAnswerInTimeIs436() {
    session.join(Id128.random(), null, null);
    handlers.put(MessageType.GET, (session, request) -> Mono.never());
    Message get = get();
    StepVerifier.withVirtualTime(() -> dispatcher().dispatch(session, get))
        .expectSubscription()
        .expectNoEvent(STORE_TIMEOUT.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(
            reply -> {
              assertThat(code(reply)).isEqualTo(436);
              assertThat(reply.close()).isFalse();
            })
        .verifyComplete();
  }
}
