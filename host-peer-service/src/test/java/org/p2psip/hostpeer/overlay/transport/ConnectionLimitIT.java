package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;

/** Section 8.3: accepted connections beyond max-peer-connections are closed at once. */
class ConnectionLimitIT {

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersKeepWorking() throws IOException {
    TransportSettings dev = TransportSettings.development("127.0.0.1", 0);
    TransportSettings two = dev.withMaxPeerConnections(2);
    try (TestPeer receiver = new TestPeer(Id128.random(), true, null, two);
        PeerSocket first = new PeerSocket(receiver.port());
        PeerSocket second = new PeerSocket(receiver.port())) {
      receiver.start(List.of());
      assertHandshakeAnswered(first, receiver);
      assertHandshakeAnswered(second, receiver);
      try (PeerSocket third = new PeerSocket(receiver.port())) {
        assertThat(third.closedByPeer()).isTrue();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> receiver.transport.counters().refusedConnections() == 1);
      assertThat(first.closedByPeer()).isFalse();
    }
  }

  private static void assertHandshakeAnswered(PeerSocket socket, TestPeer receiver)
      throws IOException {
    socket.send(socket.handshake(TestPeer.OVERLAY, receiver.id));
    Message answer = socket.read();
    PeerInfo answerer = Handshake.answerer(answer, TestPeer.OVERLAY, receiver.id);
    assertThat(answerer).isNotNull();
  }
}
