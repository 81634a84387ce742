package org.p2psip.hostpeer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.UnitFixtures;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;

/** Notify fan-out to joined clients only, on a status change and when the peer leaves. */
class NotifyBroadcasterTest {

  final SessionRegistry sessions = new SessionRegistry();

  NotifyBroadcaster broadcaster(boolean suppressResponse) {
    return new NotifyBroadcaster(
        sessions, suppressResponse, new LoopFailures(new SimpleMeterRegistry(), "notify"));
  }

  List<Message> inbox(Session session) {
    List<Message> received = new CopyOnWriteArrayList<>();
    session.peerMessages().subscribe(received::add);
    return received;
  }

  Session joined(String id) {
    Session session = session(id, 0);
    session.join(Id128.random(), null, null);
    sessions.add(session);
    return session;
  }

  @Test
  void aStatusChangeIsSentToEveryJoinedClientAndNoOther() {
    List<Message> alice = inbox(joined("alice"));
    List<Message> bob = inbox(joined("bob"));
    Session stranger = session("stranger", 0);
    sessions.add(stranger);
    List<Message> strangers = inbox(stranger);

    assertThat(broadcaster(false).broadcast(PeerStatus.BUSY, null)).isEqualTo(2);

    assertThat(strangers).as("not joined").isEmpty();
    for (List<Message> received : List.of(alice, bob)) {
      assertThat(received).hasSize(1);
      Message notify = received.get(0);
      assertThat(notify.type()).isEqualTo(MessageType.NOTIFY);
      assertThat(notify.isResponse()).isFalse();
      assertThat(notify.header().client()).isTrue();
      assertThat(notify.header().suppressResponse()).isFalse();
      assertThat(notify.first(StatusAttribute.class).status()).isEqualTo(PeerStatus.BUSY);
      assertThat(notify.first(EventInfo.class)).isNull();
    }
    assertThat(alice.get(0).header().transactionId())
        .as("each Notify is a transaction of its own")
        .isNotEqualTo(bob.get(0).header().transactionId());
  }

  @Test
  void leavingIsAnnouncedAsAnInterruptAboutToLeaveWithTheConfiguredSuppressFlag() {
    List<Message> alice = inbox(joined("alice"));

    assertThat(broadcaster(true).announceLeaving()).isEqualTo(1);

    Message notify = alice.get(0);
    assertThat(notify.header().suppressResponse()).isTrue();
    assertThat(notify.first(StatusAttribute.class).status())
        .isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
    assertThat(notify.first(EventInfo.class).eventType()).isEqualTo(EventInfo.ABOUT_TO_LEAVE);
  }

  @Test
  void aClientWhoseQueueIsClosedIsSkippedAndNotCounted() {
    Session gone = joined("gone");
    gone.endPeerMessages();
    List<Message> alice = inbox(joined("alice"));

    assertThat(broadcaster(false).broadcast(PeerStatus.GOOD, null)).isEqualTo(1);
    assertThat(alice).hasSize(1);
  }

  @Test
  void startedOnAMonitorItForwardsEachChange() {
    List<Message> alice = inbox(joined("alice"));
    PeerStatusMonitor monitor = UnitFixtures.monitor(PeerStatus.GOOD);
    NotifyBroadcaster broadcaster = broadcaster(false);
    broadcaster.start(monitor);

    monitor.drain(true);
    monitor.check().block();
    monitor.drain(false);
    monitor.check().block();
    broadcaster.stop();
    monitor.drain(true);
    monitor.check().block();

    assertThat(alice)
        .extracting(notify -> notify.first(StatusAttribute.class).status())
        .as("BUSY, then GOOD; nothing once stopped")
        .containsExactly(PeerStatus.BUSY, PeerStatus.GOOD);
  }
}
