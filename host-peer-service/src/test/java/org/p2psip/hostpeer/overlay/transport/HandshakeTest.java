package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;

/** The opener's handshake and its checks on the answer (docs/peer-protocol.md 4.1). */
class HandshakeTest {

  private final OverlayInfo overlay = TestPeer.OVERLAY;
  private final PeerInfo opener = PeerSocket.info(Id128.random());
  private final PeerInfo receiver = PeerSocket.info(Id128.random());

  @Test
  void theRequestIsAKeepaliveWithTtl1OverlayInfoAndTheExpectedDestination() {
    Message request = Handshake.request(opener, overlay, receiver.peerId(), 9);

    assertThat(request.type()).isEqualTo(MessageType.KEEPALIVE);
    assertThat(request.header().ttl()).isEqualTo(1);
    assertThat(request.header().destinationId()).isEqualTo(receiver.peerId());
    assertThat(request.first(OverlayInfo.class)).isEqualTo(overlay);
    assertThat(
            PeerMessageValidator.handshakeViolation(
                request, overlay, opener.peerId(), receiver.peerId()))
        .isEmpty();
  }

  @Test
  void aBootstrapHandshakeIsAddressedToZero() {
    Message request = Handshake.request(opener, overlay, null, 9);

    assertThat(PeerMessageValidator.isZero(request.header().destinationId())).isTrue();
  }

  @Test
  void aGoodAnswerNamesTheReceiver() {
    Message request = Handshake.request(opener, overlay, null, 9);
    Message answer = Handshake.answer(request, receiver, PeerStatus.GOOD, overlay, 32);

    assertThat(PeerMessageValidator.violation(answer)).isEmpty();
    assertThat(Handshake.answerer(answer, overlay, null).peerId()).isEqualTo(receiver.peerId());
    assertThat(Handshake.answerer(answer, overlay, receiver.peerId())).isNotNull();
  }

  @Test
  void anAnswerFromAnotherPeerThanExpectedIsRefused() {
    Message request = Handshake.request(opener, overlay, receiver.peerId(), 9);
    Message answer =
        Handshake.answer(request, PeerSocket.info(Id128.random()), PeerStatus.GOOD, overlay, 32);

    assertThat(Handshake.answerer(answer, overlay, receiver.peerId())).isNull();
  }

  @Test
  void anAnswerForAnotherOverlayIsRefused() {
    Message request = Handshake.request(opener, overlay, null, 9);
    OverlayInfo other = new OverlayInfo(HashAlgorithm.SHA1, 1, "other.p2psip.org");
    Message answer = Handshake.answer(request, receiver, PeerStatus.GOOD, other, 32);

    assertThat(Handshake.answerer(answer, overlay, null)).isNull();
  }

  @Test
  void aRefusalIsNoHandshake() {
    Message request = Handshake.request(opener, overlay, null, 9);
    Message refusal =
        PeerResponses.to(
            request.header(),
            32,
            ResponseAttribute.of(ResponseCode.REJECTED, PeerSubCodes.REJECTED_OVERLAY_MISMATCH),
            receiver,
            List.of(StatusAttribute.GOOD, overlay));

    assertThat(Handshake.answerer(refusal, overlay, null)).isNull();
  }
}
