package org.p2psip.hostpeer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.connection;
import static org.p2psip.hostpeer.UnitFixtures.failures;
import static org.p2psip.hostpeer.UnitFixtures.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.status.LoopFailures;
import org.p2psip.protocol.value.Id128;

/**
 * The reaper on its own clock: which sessions a sweep drops (never joined in time, joined but
 * silent too long) and which it keeps, and that one it cannot close stops no other.
 */
class SessionReaperTest {

  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
  static final Duration KEEP_ALIVE_EXPIRY = Duration.ofSeconds(90);

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final SessionRegistry registry = new SessionRegistry();
  final MeterRegistry meters = new SimpleMeterRegistry();
  final SessionReaper reaper =
      new SessionReaper(
          registry,
          JOIN_TIMEOUT,
          KEEP_ALIVE_EXPIRY,
          now::get,
          new LoopFailures(meters, "session-reaper"));

  Session connected(String id) {
    Session session = session(id, now.get());
    registry.add(session);
    return session;
  }

  Session joined(String id) {
    Session session = connected(id);
    session.join(Id128.random(), null, null);
    return session;
  }

  void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  static boolean open(Session session) {
    return session.connection().channel().isOpen();
  }

  @Test
  void aClientThatDoesNotJoinInTimeIsDropped() {
    Session early = connected("early");
    advance(JOIN_TIMEOUT.dividedBy(2));
    Session late = connected("late");

    advance(JOIN_TIMEOUT.dividedBy(2));
    assertThat(reaper.sweep()).as("exactly at the timeout: not yet").isZero();
    assertThat(open(early)).isTrue();

    advance(Duration.ofNanos(1));
    assertThat(reaper.sweep()).isEqualTo(1);
    assertThat(early.state()).isEqualTo(SessionState.LEFT);
    assertThat(open(early)).isFalse();
    assertThat(late.state()).isEqualTo(SessionState.CONNECTED);
    assertThat(open(late)).isTrue();
  }

  @Test
  void aChallengedClientIsHeldToTheJoinTimeoutToo() {
    Session challenged = connected("challenged");
    challenged.challenge(new byte[32], Long.MAX_VALUE);
    advance(JOIN_TIMEOUT.plusNanos(1));
    assertThat(reaper.sweep()).isEqualTo(1);
    assertThat(open(challenged)).isFalse();
  }

  @Test
  void aJoinedClientStaysWhileItSpeaksAndIsDroppedOnceSilentPastTheExpiry() {
    Session talking = joined("talking");
    Session silent = joined("silent");

    advance(KEEP_ALIVE_EXPIRY.minusSeconds(1));
    talking.touch(now.get());
    assertThat(reaper.sweep()).as("the join timeout does not apply once joined").isZero();

    advance(Duration.ofSeconds(1).plusNanos(1));
    assertThat(reaper.sweep()).isEqualTo(1);
    assertThat(open(silent)).isFalse();
    assertThat(silent.state()).isEqualTo(SessionState.LEFT);
    assertThat(open(talking)).isTrue();
    assertThat(talking.joined()).isTrue();

    advance(KEEP_ALIVE_EXPIRY.minusSeconds(1).minusNanos(1));
    assertThat(reaper.sweep()).as("silent for exactly the expiry: not yet").isZero();
    advance(Duration.ofNanos(1));
    assertThat(reaper.sweep()).isEqualTo(1);
    assertThat(open(talking)).isFalse();
  }

  @Test
  void aClientThatLeftIsNotClosedAgain() {
    Session leaving = connected("leaving");
    leaving.leave();
    advance(JOIN_TIMEOUT.multipliedBy(10));
    assertThat(reaper.sweep()).isZero();
    assertThat(open(leaving)).as("its connection is closed by its own pipeline").isTrue();
  }

  @Test
  void aSessionThatCannotBeClosedIsCountedOnceAndStopsNoOther() {
    Session unclosable = session("unclosable", connection(false), now.get());
    registry.add(unclosable);
    Session other = connected("other");
    advance(JOIN_TIMEOUT.plusNanos(1));

    assertThat(reaper.sweep()).as("only the one actually closed").isEqualTo(1);
    assertThat(open(other)).isFalse();
    assertThat(failures(meters, "session-reaper")).isEqualTo(1);

    advance(JOIN_TIMEOUT);
    assertThat(reaper.sweep()).isZero();
    assertThat(failures(meters, "session-reaper")).as("not tried at every sweep").isEqualTo(1);
  }
}
