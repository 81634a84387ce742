package org.p2psip.hostpeer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.LOAD;
import static org.p2psip.hostpeer.UnitFixtures.failures;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The status monitor on virtual time, its store check a function the test scripts: when it checks,
 * what it concludes (interrupt, busy, good), what it publishes, and that its loop outlives a failed
 * round.
 */
class PeerStatusMonitorTest {

  static final Duration INTERVAL = LOAD.checkInterval();
  static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final SessionRegistry sessions = new SessionRegistry();
  final MeterRegistry meters = new SimpleMeterRegistry();
  final AtomicInteger pings = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger mostAtOnce = new AtomicInteger();

  /** What the store does when pinged; a prompt answer unless a test says otherwise. */
  final AtomicReference<Supplier<Mono<String>>> store =
      new AtomicReference<>(() -> Mono.just("PONG"));

  final PeerStatusMonitor monitor =
      new PeerStatusMonitor(
          () -> {
            pings.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            return store
                .get()
                .get()
                .doOnTerminate(running::decrementAndGet)
                .doOnCancel(running::decrementAndGet);
          },
          sessions,
          LOAD,
          PING_TIMEOUT,
          new LoopFailures(meters, "peer-status"),
          time,
          () -> time.now(TimeUnit.NANOSECONDS));

  final List<PeerStatus> published = new CopyOnWriteArrayList<>();
  final Disposable listening = monitor.changes().subscribe(published::add);

  @AfterEach
  void stop() {
    monitor.stop();
    listening.dispose();
    time.dispose();
  }

  void storeAnswersAfter(Duration delay) {
    store.set(() -> Mono.delay(delay, time).thenReturn("PONG"));
  }

  void storeFails() {
    store.set(() -> Mono.error(new IllegalStateException("injected: connection refused")));
  }

  PeerStatus checkNow() {
    StepVerifier.create(monitor.check()).expectNextCount(1).verifyComplete();
    return monitor.current();
  }

  @Test
  void checksOncePerIntervalOnceStarted() {
    monitor.start();
    time.advanceTimeBy(INTERVAL.minusMillis(1));
    assertThat(pings).hasValue(0);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(pings).hasValue(1);
    time.advanceTimeBy(INTERVAL.multipliedBy(4));
    assertThat(pings).hasValue(5);
    assertThat(monitor.current()).isEqualTo(PeerStatus.GOOD);
    assertThat(published).as("no change, nothing published").isEmpty();
  }

  @Test
  void anUnreachableStoreIsAnInterruptPublishedOnceAndItsReturnIsGood() {
    monitor.start();
    storeFails();
    time.advanceTimeBy(INTERVAL.multipliedBy(3));
    assertThat(monitor.current()).isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
    assertThat(published).containsExactly(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
    assertThat(failures(meters, "peer-status")).as("an unreachable store is no failure").isZero();

    store.set(() -> Mono.just("PONG"));
    time.advanceTimeBy(INTERVAL);
    assertThat(published).containsExactly(PeerStatus.OVERLAY_SERVICE_INTERRUPT, PeerStatus.GOOD);
  }

  @Test
  void aStoreThatDoesNotAnswerIsAnInterruptOnceThePingTimesOut() {
    store.set(Mono::never);
    StepVerifier.create(monitor.check())
        .expectSubscription()
        .then(() -> time.advanceTimeBy(PING_TIMEOUT.minusMillis(1)))
        .then(() -> assertThat(monitor.current()).as("still waiting").isEqualTo(PeerStatus.GOOD))
        .then(() -> time.advanceTimeBy(Duration.ofMillis(1)))
        .expectNext(PeerStatus.OVERLAY_SERVICE_INTERRUPT)
        .verifyComplete();
    assertThat(monitor.current()).isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
    assertThat(running).as("the unanswered ping was cancelled").hasValue(0);
  }

  @Test
  void aSlowStoreMakesThePeerBusyOnlyAfterSeveralChecksInARow() {
    storeAnswersAfter(LOAD.busyRedisLatency().plusMillis(50));
    for (int i = 1; i < PeerStatusMonitor.BUSY_AFTER_CHECKS; i++) {
      StepVerifier.create(monitor.check())
          .then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
          .expectNext(PeerStatus.GOOD)
          .verifyComplete();
    }
    assertThat(monitor.lastRedisLatency()).isEqualTo(LOAD.busyRedisLatency().plusMillis(50));

    store.set(() -> Mono.just("PONG"));
    assertThat(checkNow()).as("one quick answer starts the count again").isEqualTo(PeerStatus.GOOD);
    assertThat(monitor.lastRedisLatency()).isZero();

    Duration slow = LOAD.busyRedisLatency().plusMillis(50);
    storeAnswersAfter(slow);
    monitor.start();
    time.advanceTimeBy(INTERVAL.multipliedBy(PeerStatusMonitor.BUSY_AFTER_CHECKS - 1).plus(slow));
    assertThat(monitor.current()).isEqualTo(PeerStatus.GOOD);
    time.advanceTimeBy(INTERVAL);
    assertThat(monitor.current()).isEqualTo(PeerStatus.BUSY);
    assertThat(published).containsExactly(PeerStatus.BUSY);
  }

  @Test
  void tooManyRequestsInFlightMakeThePeerBusyAfterSeveralChecks() {
    sessions.totalInFlight().set(LOAD.busyInFlight());
    for (int i = 0; i < PeerStatusMonitor.BUSY_AFTER_CHECKS; i++) {
      assertThat(checkNow()).as("at the limit is not above it").isEqualTo(PeerStatus.GOOD);
    }
    sessions.totalInFlight().incrementAndGet();
    for (int i = 1; i < PeerStatusMonitor.BUSY_AFTER_CHECKS; i++) {
      assertThat(checkNow()).isEqualTo(PeerStatus.GOOD);
    }
    assertThat(checkNow()).isEqualTo(PeerStatus.BUSY);

    sessions.totalInFlight().set(0);
    assertThat(checkNow()).isEqualTo(PeerStatus.GOOD);
    assertThat(published).containsExactly(PeerStatus.BUSY, PeerStatus.GOOD);
  }

  @Test
  void drainingIsBusyAtOnceWithoutWaitingForTheNextTick() {
    monitor.start();
    monitor.drain(true);
    assertThat(monitor.draining()).isTrue();
    assertThat(monitor.current()).isEqualTo(PeerStatus.BUSY);
    assertThat(pings).as("checked on the request, not the tick").hasValue(1);

    monitor.drain(false);
    assertThat(monitor.current()).isEqualTo(PeerStatus.GOOD);
    assertThat(published).containsExactly(PeerStatus.BUSY, PeerStatus.GOOD);
  }

  @Test
  void aReportedStoreFailureIsCheckedAtOnce() {
    monitor.start();
    storeFails();
    monitor.reportStoreFailure();
    assertThat(pings).hasValue(1);
    assertThat(monitor.current()).isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
  }

  @Test
  void ticksDuringASlowCheckAreDroppedNotQueuedNorRunAlongside() {
    storeAnswersAfter(INTERVAL.multipliedBy(3).dividedBy(2));
    monitor.start();
    time.advanceTimeBy(INTERVAL.multipliedBy(20));
    int whileSlow = pings.get();
    assertThat(mostAtOnce).as("one check at a time").hasValue(1);

    store.set(() -> Mono.just("PONG"));
    time.advanceTimeBy(INTERVAL.multipliedBy(2));
    // queued ticks would now all run at once (some seven of the twenty); dropped ones leave at
    // most the check under way, one waiting and the two new ticks
    assertThat(pings.get() - whileSlow).isLessThanOrEqualTo(4);
    assertThat(mostAtOnce).hasValue(1);
  }

  @Test
  void theLoopGoesOnPastARoundThatFails() {
    ThrowingSubscriber listener = new ThrowingSubscriber();
    monitor.changes().subscribe(listener);
    monitor.start();

    storeFails();
    time.advanceTimeBy(INTERVAL);
    assertThat(failures(meters, "peer-status")).isEqualTo(1);
    assertThat(monitor.current()).isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);

    store.set(() -> Mono.just("PONG"));
    time.advanceTimeBy(INTERVAL);
    assertThat(pings).hasValue(2);
    assertThat(monitor.current()).as("later ticks still check").isEqualTo(PeerStatus.GOOD);
    assertThat(published).containsExactly(PeerStatus.OVERLAY_SERVICE_INTERRUPT, PeerStatus.GOOD);
  }

  @Test
  void checksRunAgainAfterAStopAndAStart() {
    monitor.start();
    monitor.stop();
    time.advanceTimeBy(INTERVAL.multipliedBy(3));
    assertThat(pings).as("stopped").hasValue(0);

    monitor.start();
    time.advanceTimeBy(INTERVAL);
    assertThat(pings).hasValue(1);
    monitor.drain(true);
    assertThat(monitor.current()).isEqualTo(PeerStatus.BUSY);
  }

  /**
   * A change listener whose onNext throws the first time. A plain {@link CoreSubscriber}, not a
   * lambda one, so that the exception reaches the monitor's check.
   */
  static final class ThrowingSubscriber implements CoreSubscriber<PeerStatus> {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(PeerStatus value) {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("injected: cannot take " + value);
      }
    }

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onComplete() {}
  }
}
