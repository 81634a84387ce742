package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestRedis;

/**
 * Two host peers as real processes sharing one Redis, and the SDK's overlay session: records put by
 * one user are found by another; a drained peer's Notify moves a session to the other peer; a peer
 * shut down (SIGTERM, Notify about to leave, then the connection closes) moves it back; the
 * session's requests keep being answered throughout.
 */
class HostPeerFailoverIT {

  static ServiceProcess first;
  static ServiceProcess second;
  static int firstClientPort;
  static int secondClientPort;

  @BeforeAll
  static void startTwoPeers() throws Exception {
    String redis = TestRedis.url();
    firstClientPort = ServiceProcess.freePort();
    secondClientPort = ServiceProcess.freePort();
    first =
        ServiceProcess.start(
            "host-peer-1",
            "host-peer-service",
            "http",
            ServiceProcess.freePort(),
            List.of(
                "--spring.data.redis.url=" + redis,
                "--p2psip.host-peer.port=" + firstClientPort,
                "--p2psip.host-peer.load.check-interval=200ms"));
    second =
        ServiceProcess.start(
            "host-peer-2",
            "host-peer-service",
            "http",
            ServiceProcess.freePort(),
            List.of(
                "--spring.data.redis.url=" + redis,
                "--p2psip.host-peer.port=" + secondClientPort,
                "--p2psip.host-peer.load.check-interval=200ms"));
    HttpClient http = HttpClient.newHttpClient();
    first.awaitUp(http, Duration.ofSeconds(120));
    second.awaitUp(http, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  static Message request(MessageType type, ResourceInfo... objects) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(objects));
  }

  static void drain(ServiceProcess peer, boolean drain) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(peer.base.resolve("/actuator/hostpeer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"drain\":" + drain + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
  }

  @Test
  void recordsAreSharedAndASessionFollowsNotifyAndShutdownToTheOtherPeer() throws Exception {
    List<InetSocketAddress> bootstrap =
        List.of(
            new InetSocketAddress("127.0.0.1", firstClientPort),
            new InetSocketAddress("127.0.0.1", secondClientPort));
    OverlaySession.Settings settings =
        new OverlaySession.Settings(null, Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(OverlaySession.rank(bootstrap, settings).block()).hasSize(2);

    List<String> aliceEvents = new CopyOnWriteArrayList<>();
    OverlaySession alice = OverlaySession.open(bootstrap, settings, aliceEvents::add).block();
    OverlaySession bob = OverlaySession.open(bootstrap, settings, e -> {}).block();
    try {
      Id128 resource = ResourceIds.of("sip:alice-" + UUID.randomUUID() + "@example.org");
      Octets contact = Octets.utf8("sip:alice@192.0.2.10");
      Message put =
          alice
              .request(
                  request(
                      MessageType.PUT,
                      ResourceInfo.put(ValueType.SIP_CONTACT_URI, resource, 600, null, contact)))
              .block(Duration.ofSeconds(10));
      assertThat(put.response().code()).isEqualTo(200);
      assertThat(get(bob, resource)).as("found by another user").contains("sip:alice@192.0.2.10");

      // drain alice's peer: its Notify (busy) moves her to the other one
      InetSocketAddress before = alice.peer().block().address();
      ServiceProcess drained = before.getPort() == firstClientPort ? first : second;
      ServiceProcess other = drained == first ? second : first;
      drain(drained, true);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !alice.peer().block().address().equals(before));
      assertThat(aliceEvents).anyMatch(e -> e.contains("Notify BUSY"));
      assertThat(get(alice, resource)).contains("sip:alice@192.0.2.10");

      // the peer she is on now shuts down: she goes back to the undrained first one
      drain(drained, false);
      InetSocketAddress during = alice.peer().block().address();
      other.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !alice.peer().block().address().equals(during));
      assertThat(get(alice, resource)).contains("sip:alice@192.0.2.10");
      assertThat(aliceEvents)
          .anyMatch(e -> e.contains("about to leave") || e.contains("connection closed"));
    } finally {
      alice.close();
      bob.close();
    }
  }

  static String get(OverlaySession session, Id128 resource) {
    Message answer =
        session
            .request(
                request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)))
            .block(Duration.ofSeconds(10));
    StringBuilder values = new StringBuilder();
    for (ResourceInfo object : answer.all(ResourceInfo.class)) {
      values.append(new String(object.content().unsafeArray(), StandardCharsets.UTF_8)).append(' ');
    }
    return values.toString();
  }
}
