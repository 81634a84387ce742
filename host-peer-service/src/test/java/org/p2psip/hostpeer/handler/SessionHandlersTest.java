package org.p2psip.hostpeer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.monitor;
import static org.p2psip.hostpeer.UnitFixtures.session;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionState;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;

/** Inquire, Keep-alive and Leave: what they tell the client and what they do to the session. */
class SessionHandlersTest {

  static final OverlayInfo OVERLAY = new OverlayInfo(HashAlgorithm.SHA1, 7, "overlay.test");

  final LocalPeer peer =
      new LocalPeer(Id128.random(), OVERLAY, InetAddress.getLoopbackAddress(), 6084);
  final Session session = session("s", 0);

  static Message request(MessageType type) {
    return new Message(Header.clientRequest(type, 9), List.of());
  }

  @Test
  void inquireDescribesThePeerAndItsCurrentStatus() {
    for (PeerStatus status : PeerStatus.values()) {
      Message answer =
          new InquireHandler(peer, monitor(status))
              .handle(session, request(MessageType.INQUIRE))
              .block();
      assertThat(answer.response().code()).isEqualTo(200);
      assertThat(answer.header().transactionId()).isEqualTo(9);
      assertThat(answer.first(PeerInfo.class)).isEqualTo(peer.description());
      assertThat(answer.first(StatusAttribute.class).status()).isEqualTo(status);
      assertThat(answer.first(Uptime.class)).isNotNull();
      assertThat(answer.first(OverlayInfo.class)).isEqualTo(OVERLAY);
    }
  }

  @Test
  void theDescriptionFollowsThePortTheListenerGot() {
    peer.listeningOn(40000);
    Message answer =
        new InquireHandler(peer, monitor(PeerStatus.GOOD))
            .handle(session, request(MessageType.INQUIRE))
            .block();
    assertThat(answer.first(PeerInfo.class).addresses().get(0).port()).isEqualTo(40000);
  }

  @Test
  void keepAliveAnswersWithTheCurrentStatus() {
    for (PeerStatus status : PeerStatus.values()) {
      Message answer =
          new KeepAliveHandler(monitor(status))
              .handle(session, request(MessageType.KEEPALIVE))
              .block();
      assertThat(answer.response().code()).isEqualTo(200);
      assertThat(answer.first(StatusAttribute.class).status()).isEqualTo(status);
    }
  }

  @Test
  void leaveAnswersAndMarksTheSessionLeft() {
    session.join(Id128.random(), null, null);
    Message answer = new LeaveHandler().handle(session, request(MessageType.LEAVE)).block();
    assertThat(answer.response().code()).isEqualTo(200);
    assertThat(session.state()).isEqualTo(SessionState.LEFT);
    assertThat(session.joined()).isFalse();
  }
}
