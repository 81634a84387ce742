package org.p2psip.client.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * The SDK's overlay session against real host peers over TCP ({@link TestHostPeer}): failover on
 * Notify and lost connections, recovery after every peer was gone, answers to what a peer sends.
 * Nothing here measures time; waits are for something to happen (or to stay so for a while, where
 * the point is that nothing more happens).
 */
class OverlaySessionIT {

  static final Duration AWAIT = Duration.ofSeconds(20);
  static final Id128 RESOURCE = ResourceIds.of("sip:alice@example.org");

  final List<TestHostPeer> peers = new ArrayList<>();
  final List<OverlaySession> sessions = new ArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    sessions.forEach(OverlaySession::close);
    peers.forEach(TestHostPeer::close);
  }

  TestHostPeer peer() {
    TestHostPeer peer = TestHostPeer.start();
    peers.add(peer);
    return peer;
  }

  static OverlaySession.Settings settings(Duration keepAlive, Duration requestTimeout) {
    return new OverlaySession.Settings(null, keepAlive, requestTimeout)
        .withReconnect(
            new OverlaySession.Reconnect(Duration.ofMillis(50), Duration.ofMillis(500), 0.5));
  }

  OverlaySession open(OverlaySession.Settings settings, TestHostPeer... bootstrap) {
    List<InetSocketAddress> addresses = Stream.of(bootstrap).map(TestHostPeer::address).toList();
    OverlaySession session =
        OverlaySession.open(addresses, settings, events::add).block(Duration.ofSeconds(20));
    sessions.add(session);
    return session;
  }

  static Message get() {
    return Message.clientRequest(
        MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, RESOURCE));
  }

  static Header header(MessageType type) {
    return Header.clientRequest(type, TransactionIds.next());
  }

  static long leavings(List<String> events) {
    return events.stream().filter(e -> e.startsWith("leaving")).count();
  }

  @ParameterizedTest(name = "the peer also closes the connection: {0}")
  @ValueSource(booleans = {false, true})
  void aBusyNotifyMovesTheSessionOnceAndTheOldConnectionIsClosed(boolean peerClosesToo) {
    TestHostPeer a = peer();
    TestHostPeer b = peer();
    OverlaySession session = open(settings(Duration.ofMillis(100), Duration.ofSeconds(2)), a, b);
    TestHostPeer from = a.openJoined().isEmpty() ? b : a;
    TestHostPeer to = from == a ? b : a;
    TestHostPeer.Link old = from.openJoined().get(0);

    from.status(PeerStatus.BUSY);
    old.send(Message.of(header(MessageType.NOTIFY), new StatusAttribute(PeerStatus.BUSY)));
    if (peerClosesToo) {
      old.close();
    }

    await().atMost(AWAIT).until(() -> to.openJoined().size() == 1);
    await().atMost(AWAIT).until(() -> !old.isOpen());
    if (!peerClosesToo) {
      assertThat(old.got(MessageType.LEAVE)).as("the client said Leave before closing").isTrue();
    }
    int oldKeepAlives = old.keepAlives.get();
    // one move, and only one: no second Join anywhere, no connection left behind sending
    // Keep-alives
    await()
        .during(Duration.ofSeconds(1))
        .atMost(AWAIT)
        .until(
            () -> a.joins() + b.joins() == 2 && a.openJoined().size() + b.openJoined().size() == 1);
    assertThat(leavings(events)).as(events.toString()).isEqualTo(1);
    assertThat(old.keepAlives.get()).isEqualTo(oldKeepAlives);
    TestHostPeer.Link now = to.openJoined().get(0);
    int before = now.keepAlives.get();
    await().atMost(AWAIT).until(() -> now.keepAlives.get() > before + 2);
    assertThat(session.peer().block(AWAIT).address()).isEqualTo(to.address());
    assertThat(session.request(get()).block(AWAIT).response().code()).isEqualTo(200);
  }

  @Test
  void aSessionThatLostEveryPeerRecoversWhenOneReturns() {
    TestHostPeer a = peer();
    TestHostPeer b = peer();
    OverlaySession session = open(settings(Duration.ofMillis(100), Duration.ofSeconds(2)), a, b);
    int port = a.port();

    a.close();
    b.close();
    await().atMost(AWAIT).until(() -> events.stream().anyMatch(e -> e.contains("no peer")));

    TestHostPeer back = TestHostPeer.start(port);
    peers.add(back);
    await().atMost(AWAIT).until(() -> back.openJoined().size() == 1);
    assertThat(session.request(get()).block(AWAIT).response().code()).isEqualTo(200);
    assertThat(session.peer().block(AWAIT).address()).isEqualTo(back.address());
    assertThat(back.openJoined().get(0).got(MessageType.GET)).isTrue();
  }

  @Test
  void everyNotifyIsAnsweredOnceOrNotAtAllAndOtherRequestsOfThePeerAreRefused() {
    TestHostPeer a = peer();
    OverlaySession session = open(settings(Duration.ofSeconds(30), Duration.ofSeconds(5)), a);
    TestHostPeer.Link link = a.openJoined().get(0);
    Octets value = Octets.utf8("sip:alice@192.0.2.10");

    Message notify = Message.of(header(MessageType.NOTIFY), StatusAttribute.GOOD);
    Message silentNotify =
        Message.of(header(MessageType.NOTIFY).withSuppressResponse(true), StatusAttribute.GOOD);
    Message put =
        Message.of(
            header(MessageType.PUT),
            ResourceInfo.put(ValueType.SIP_CONTACT_URI, RESOURCE, 60, null, value));
    Message get =
        Message.of(
            header(MessageType.GET), ResourceInfo.query(ValueType.SIP_CONTACT_URI, RESOURCE));
    Message remove =
        Message.of(
            header(MessageType.REMOVE),
            new ResourceInfo(
                ValueType.SIP_CONTACT_URI.code(),
                RESOURCE,
                null,
                Id128.random(new Random(1)),
                ResourceInfo.hashOf(value),
                null));
    Message unknownType =
        Message.of(
            new Header(
                0x33,
                false,
                true,
                false,
                false,
                false,
                false,
                false,
                0,
                TransactionIds.next(),
                null,
                null));
    // the client handles one connection's messages in order, so once the last is answered every
    // answer to the others has been sent
    Message last = Message.of(header(MessageType.NOTIFY), StatusAttribute.GOOD);
    for (Message m : List.of(notify, silentNotify, put, get, remove, unknownType, last)) {
      link.send(m);
    }
    await().atMost(AWAIT).until(() -> !link.answersTo(last.header().transactionId()).isEmpty());

    assertThat(codes(link, notify)).containsExactly(200);
    assertThat(codes(link, silentNotify)).isEmpty();
    assertThat(codes(link, put)).containsExactly(409);
    assertThat(codes(link, get)).containsExactly(409);
    assertThat(codes(link, remove)).containsExactly(409);
    assertThat(codes(link, unknownType)).containsExactly(434);
    assertThat(codes(link, last)).containsExactly(200);
    assertThat(leavings(events)).isZero();
    assertThat(session.request(get()).block(AWAIT).response().code()).isEqualTo(200);
  }

  static List<Integer> codes(TestHostPeer.Link link, Message request) {
    return link.answersTo(request.header().transactionId()).stream()
        .map(answer -> answer.response().code())
        .toList();
  }

  @Test
  void aKeepAliveLeftUnansweredDoesNotEndTheKeepAlives() {
    TestHostPeer a = peer();
    a.withholdKeepAlives(1);
    // Keep-alives every 50 ms, each waiting up to a second: the unanswered one is outstanding
    // for many intervals
    OverlaySession session = open(settings(Duration.ofMillis(50), Duration.ofSeconds(1)), a);
    TestHostPeer.Link link = a.openJoined().get(0);

    await().atMost(AWAIT).until(() -> link.keepAlives.get() >= 6);
    assertThat(session.keepAliveFailures()).as("the unanswered one").isPositive();
    assertThat(link.isOpen()).isTrue();
    assertThat(leavings(events)).isZero();
  }

  @Test
  void aClosedSessionLeavesItsPeerAndStopsLookingForOne() {
    TestHostPeer a = peer();
    OverlaySession session = open(settings(Duration.ofMillis(100), Duration.ofSeconds(2)), a);
    TestHostPeer.Link link = a.openJoined().get(0);
    session.close();
    await().atMost(AWAIT).until(() -> !link.isOpen());
    assertThat(link.got(MessageType.LEAVE)).isTrue();

    // a session searching for a peer when it is closed stops searching
    TestHostPeer b = peer();
    OverlaySession searching = open(settings(Duration.ofMillis(100), Duration.ofSeconds(2)), b);
    int port = b.port();
    b.close();
    await().atMost(AWAIT).until(() -> events.stream().anyMatch(e -> e.contains("no peer")));
    searching.close();
    TestHostPeer back = TestHostPeer.start(port);
    peers.add(back);
    await().during(Duration.ofSeconds(1)).atMost(AWAIT).until(() -> back.joins() == 0);
    assertThatThrownBy(() -> searching.request(get()).block(AWAIT)).hasMessageContaining("closed");
  }
}
