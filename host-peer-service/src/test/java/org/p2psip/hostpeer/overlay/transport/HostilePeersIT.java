package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.codec.MessageCodec;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;

/**
 * Broken and hostile peers on the peer port (docs/peer-protocol.md 4.1, 8.2, 9), over a raw socket:
 * each gets the answer section 9 gives and is closed where it says so, and the port keeps serving
 * honest peers afterwards.
 */
class HostilePeersIT {

  private TestPeer receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new TestPeer(Id128.random(), true);
    receiver.start(List.of());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.query(node -> node.phase()) == NodePhase.JOINED);
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void anythingBeforeTheHandshakeIsRefusedAndClosed() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      socket.send(notify(socket.id, socket.id, receiver.id));
      assertRejected(socket.read(), PeerSubCodes.REJECTED_HANDSHAKE_REQUIRED);
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aConnectionWithoutHandshakeIsClosed() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      // silent: the receiver closes it after its 5 s handshake timeout (the read waits 10 s)
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aWrongOverlayNameIsRefusedAndClosed() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      OverlayInfo other = new OverlayInfo(HashAlgorithm.SHA1, 1, "other.p2psip.org");
      socket.send(socket.handshake(other, receiver.id));
      assertRejected(socket.read(), PeerSubCodes.REJECTED_OVERLAY_MISMATCH);
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aHandshakeForAnotherPeerIsRefusedAndClosed() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      socket.send(socket.handshake(TestPeer.OVERLAY, Id128.random()));
      assertRejected(socket.read(), PeerSubCodes.REJECTED_WRONG_PEER);
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aClientProtocolMessageGetsAClientAnswerAndIsClosed() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      socket.send(Message.clientRequest(MessageType.INQUIRE));
      Message answer = socket.read();
      assertThat(answer.header().client()).isTrue();
      assertThat(answer.response().code()).isEqualTo(ResponseCode.REJECTED.code());
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void garbageAndTruncatedFramesCloseOnlyTheirConnection() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      byte[] garbage = new byte[64];
      Arrays.fill(garbage, (byte) 0xFF);
      socket.write(garbage);
      assertThat(closedPerhapsAfter401(socket)).isTrue();
    }
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      byte[] handshake =
          MessageCodec.encodeToBytes(socket.handshake(TestPeer.OVERLAY, receiver.id));
      handshake[4] = 0;
      handshake[5] = 20; // a Message Length below the 44-byte peer header
      socket.write(handshake);
      Message answer = socket.read();
      assertThat(answer.response().code()).isEqualTo(ResponseCode.BAD_PARAMETERS.code());
      assertThat(socket.closedByPeer()).isTrue();
    }
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      byte[] handshake =
          MessageCodec.encodeToBytes(socket.handshake(TestPeer.OVERLAY, receiver.id));
      socket.write(Arrays.copyOf(handshake, 30));
      socket.shutdownOutput();
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aNeighbourMessageFromAnotherSourceThanTheConnectionsIsRefusedAndClosed() throws IOException {
    try (PeerSocket socket = handshaken()) {
      Id128 someoneElse = Id128.random();
      socket.send(notify(someoneElse, someoneElse, receiver.id));
      assertRejected(socket.read(), PeerSubCodes.REJECTED_IDENTITY_MISMATCH);
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void aNewHandshakeFromTheSameNodeIdReplacesItsEarlierConnection() throws IOException {
    try (PeerSocket restarted = handshaken()) {
      try (PeerSocket again = handshaken(restarted.id)) {
        // nothing was pending on the earlier one, so it is closed at once
        assertThat(restarted.closedByPeer()).isTrue();
        assertKeepaliveAnswered(again);
      }
    }
  }

  @Test
  void aResponseWithoutAPendingRequestIsDroppedAndCounted() throws IOException {
    long before = receiver.transport.counters().droppedResponses();
    try (PeerSocket socket = handshaken()) {
      Message stray = notify(receiver.id, receiver.id, socket.id);
      socket.send(PeerResponses.to(stray, ResponseCode.OK, socket.info()));
      assertKeepaliveAnswered(socket);
    }
    assertThat(receiver.transport.counters().droppedResponses()).isGreaterThan(before);
  }

  @Test
  void moreThanTenRefusalsInAMinuteCloseTheConnection() throws IOException {
    try (PeerSocket socket = handshaken()) {
      for (int i = 0; i < 11; i++) {
        // addressed to another peer: 403/4, the connection kept (section 9)
        socket.send(notify(socket.id, socket.id, Id128.random()));
        assertRejected(socket.read(), PeerSubCodes.REJECTED_WRONG_PEER);
      }
      assertThat(socket.closedByPeer()).isTrue();
    }
    assertHonestPeerServed();
  }

  @Test
  void anHonestPeerJoinsAfterHostileOnes() throws IOException {
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      socket.write(new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      closedPerhapsAfter401(socket);
    }
    try (PeerSocket socket = new PeerSocket(receiver.port())) {
      socket.send(notify(socket.id, socket.id, receiver.id));
      socket.read();
    }
    try (TestPeer joiner = new TestPeer(Id128.random(), false)) {
      joiner.start(List.of(receiver.address()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> joiner.query(node -> node.phase()) == NodePhase.JOINED);
    }
  }

  // ---- helpers ----

  private void assertHonestPeerServed() throws IOException {
    try (PeerSocket socket = handshaken()) {
      assertKeepaliveAnswered(socket);
    }
  }

  /** A raw socket that has done a good handshake, whose answer is checked as an opener would. */
  private PeerSocket handshaken() throws IOException {
    return handshaken(Id128.random());
  }

  private PeerSocket handshaken(Id128 id) throws IOException {
    PeerSocket socket = new PeerSocket(receiver.port(), id);
    socket.send(socket.handshake(TestPeer.OVERLAY, Handshake.UNKNOWN_PEER));
    Message answer = socket.read();
    PeerInfo answerer = Handshake.answerer(answer, TestPeer.OVERLAY, null);
    assertThat(answerer).isNotNull();
    assertThat(answerer.peerId()).isEqualTo(receiver.id);
    return socket;
  }

  private void assertKeepaliveAnswered(PeerSocket socket) throws IOException {
    Message keepalive =
        Message.of(
            Header.peerRequest(MessageType.KEEPALIVE, 7, socket.id, receiver.id).withTtl(1),
            socket.info());
    socket.send(keepalive);
    Message answer = socket.read();
    assertThat(answer.header().transactionId()).isEqualTo(7);
    assertThat(answer.response().code()).isEqualTo(ResponseCode.OK.code());
  }

  private static Message notify(Id128 source, Id128 infoId, Id128 destination) {
    return Message.of(
        Header.peerRequest(MessageType.NOTIFY, 3, source, destination).withTtl(1),
        PeerSocket.info(infoId),
        StatusAttribute.GOOD);
  }

  private static void assertRejected(Message answer, int subCode) {
    ResponseAttribute response = answer.response();
    assertThat(response).isNotNull();
    assertThat(response.code()).isEqualTo(ResponseCode.REJECTED.code());
    assertThat(response.subCode()).isEqualTo(subCode);
  }

  /** Framing lost: a 401 if the header could be read, then the connection closes. */
  private static boolean closedPerhapsAfter401(PeerSocket socket) throws IOException {
    try {
      Message answer = socket.read();
      assertThat(answer.response().code()).isEqualTo(ResponseCode.BAD_PARAMETERS.code());
    } catch (EOFException closed) {
      return true;
    }
    return socket.closedByPeer();
  }
}
