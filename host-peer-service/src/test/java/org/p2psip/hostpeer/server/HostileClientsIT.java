package org.p2psip.hostpeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.RawClient;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.core.publisher.Flux;

/**
 * Clients that misbehave: too slow, silent, flooding, garbage, oversized, too many. The peer stays
 * up and keeps serving a well-behaved client throughout.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.limits.join-timeout=1500ms",
      "p2psip.host-peer.limits.keep-alive-interval=500ms",
      "p2psip.host-peer.limits.keep-alive-missed=2",
      "p2psip.host-peer.limits.max-message-length=1024",
      "p2psip.host-peer.limits.max-in-flight-per-connection=8",
      "p2psip.host-peer.limits.max-connections=1100"
    })
class HostileClientsIT extends RedisBackedTest {

  @Autowired HostPeerServer server;
  @Autowired SessionRegistry sessions;

  /** Tests share the peer: each starts once the previous one's connections are gone. */
  @BeforeEach
  void noConnectionsLeft() {
    Flux.interval(Duration.ofMillis(50))
        .filter(t -> sessions.size() == 0)
        .next()
        .block(Duration.ofSeconds(20));
  }

  void wellBehavedClientIsServed() {
    try (HostPeerTestClient good = new HostPeerTestClient(server.port())) {
      assertThat(code(good.send(MessageType.INQUIRE))).isEqualTo(200);
    }
  }

  @Test
  void oneBytePerSecondIsDroppedAtTheJoinTimeout() throws Exception {
    byte[] inquire = HexFormat.of().parseHex("10400c00000c000000000001");
    try (RawClient slow = new RawClient(server.port())) {
      boolean closed = false;
      for (int i = 0; i < inquire.length && !closed; i++) {
        try {
          slow.write(new byte[] {inquire[i]});
        } catch (IOException e) {
          closed = true;
        }
        slow.timeout(400);
        closed = closed || slow.closedByPeer();
      }
      assertThat(closed).as("dropped before the 12th byte").isTrue();
    }
    wellBehavedClientIsServed();
  }

  @Test
  void joinedClientSilentForSeveralKeepAliveIntervalsIsDropped() {
    HostPeerTestClient quiet = new HostPeerTestClient(server.port());
    assertThat(code(quiet.join())).isEqualTo(200);
    quiet.client.onClose().block(Duration.ofSeconds(10));
    assertThat(quiet.client.isOpen()).isFalse();
    wellBehavedClientIsServed();
  }

  @Test
  void tenThousandPipelinedInquiresAreAllAnsweredWhileOthersAreServed() {
    try (HostPeerTestClient flood = new HostPeerTestClient(server.port())) {
      // joined, so that the 1.5 s join timeout of this test cannot end a flood that a loaded
      // machine stretches (every message it sends keeps a joined session alive)
      assertThat(code(flood.join())).isEqualTo(200);
      List<Message> answers =
          Flux.range(0, 10_000)
              .flatMap(
                  i -> flood.client.request(HostPeerTestClient.request(MessageType.INQUIRE)), 256)
              .collectList()
              .block(Duration.ofSeconds(60));
      assertThat(answers).hasSize(10_000).allMatch(answer -> code(answer) == 200);
    }
    wellBehavedClientIsServed();
  }

  @Test
  void aThousandConcurrentConnectionsAreServed() {
    List<HostPeerClient> clients =
        Flux.range(0, 1000)
            .flatMap(i -> HostPeerClient.connect("127.0.0.1", server.port()), 100)
            .collectList()
            .block(Duration.ofSeconds(60));
    try {
      List<Message> answers =
          Flux.fromIterable(clients)
              .flatMap(c -> c.request(HostPeerTestClient.request(MessageType.INQUIRE)), 1000)
              .collectList()
              .block(Duration.ofSeconds(60));
      assertThat(answers).hasSize(1000).allMatch(answer -> code(answer) == 200);
    } finally {
      clients.forEach(HostPeerClient::close);
    }
  }

  @Test
  void randomGarbageIsAnswered401AndClosed() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      try (RawClient raw = new RawClient(server.port())) {
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        garbage[0] = (byte) 0x70; // version 7, and a request (R clear)
        garbage[1] &= (byte) ~0x20; // without E: E would ask for no answer at all
        raw.write(garbage);
        Message answer = raw.read();
        assertThat(code(answer)).isEqualTo(401);
        assertThat(raw.closedByPeer()).isTrue();
      }
    }
    wellBehavedClientIsServed();
  }

  @Test
  void maximumSizeFramesOverTheLimitAre433AndTheConnectionGoesOn() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      byte[] huge = new byte[65_535];
      System.arraycopy(HexFormat.of().parseHex("10400700ffff000000000abc"), 0, huge, 0, 12);
      for (int i = 0; i < 3; i++) {
        raw.write(huge);
        Message answer = raw.read();
        assertThat(code(answer)).isEqualTo(433);
        assertThat(answer.header().transactionId()).isEqualTo(0xabc);
      }
      Message inquire = raw.writeHex("10400c00000c000000000001").read();
      assertThat(code(inquire)).isEqualTo(200);
    }
    wellBehavedClientIsServed();
  }

  @Test
  void connectionsOverTheLimitAreRefusedAndTheLimitRecovers() {
    List<HostPeerClient> clients = new ArrayList<>();
    try {
      clients.addAll(
          Flux.range(0, 1100)
              .flatMap(i -> HostPeerClient.connect("127.0.0.1", server.port()), 100)
              .collectList()
              .block(Duration.ofSeconds(60)));
      HostPeerClient extra = HostPeerClient.connect("127.0.0.1", server.port()).block();
      extra.onClose().block(Duration.ofSeconds(10));
      assertThat(extra.isOpen()).as("the 1101st connection is closed").isFalse();
    } finally {
      clients.forEach(HostPeerClient::close);
    }
    noConnectionsLeft();
    wellBehavedClientIsServed();
  }
}
