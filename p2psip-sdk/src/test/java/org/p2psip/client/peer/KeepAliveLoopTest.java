package org.p2psip.client.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The Keep-alive loop survives what used to end it. Short intervals so that the tests are quick;
 * nothing is timed, the tests wait for sends to happen.
 */
class KeepAliveLoopTest {

  static final Duration INTERVAL = Duration.ofMillis(10);
  static final Duration AWAIT = Duration.ofSeconds(20);

  final AtomicInteger sends = new AtomicInteger();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @Test
  void aSendThatThrowsIsReportedAndTheLoopGoesOn() {
    Disposable loop =
        KeepAliveLoop.start(
            INTERVAL,
            () -> {
              if (sends.incrementAndGet() == 1) {
                throw new IllegalStateException("injected");
              }
              return Mono.just("answered");
            },
            failures::add);
    try {
      await().atMost(AWAIT).until(() -> sends.get() >= 5);
      assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("injected"));
    } finally {
      loop.dispose();
    }
  }

  @Test
  void aFailedKeepAliveIsReportedAndTheLoopGoesOn() {
    Disposable loop =
        KeepAliveLoop.start(
            INTERVAL,
            () ->
                sends.incrementAndGet() == 1
                    ? Mono.error(new IllegalStateException("refused"))
                    : Mono.just("answered"),
            failures::add);
    try {
      await().atMost(AWAIT).until(() -> sends.get() >= 5);
      assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("refused"));
    } finally {
      loop.dispose();
    }
  }

  @Test
  void aKeepAliveOutstandingForManyIntervalsDoesNotOverflowTheTimer() {
    Disposable loop =
        KeepAliveLoop.start(
            INTERVAL,
            () ->
                sends.incrementAndGet() == 1
                    // answered only after some 20 ticks went by
                    ? Mono.delay(INTERVAL.multipliedBy(20))
                    : Mono.just("answered"),
            failures::add);
    try {
      await().atMost(AWAIT).until(() -> sends.get() >= 5);
      assertThat(failures).isEmpty();
    } finally {
      loop.dispose();
    }
  }
}
