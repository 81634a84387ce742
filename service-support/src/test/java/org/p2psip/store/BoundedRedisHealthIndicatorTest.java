package org.p2psip.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/** The {@code redis} health component always answers: at once when known down, else in time. */
class BoundedRedisHealthIndicatorTest {

  private final AtomicInteger checks = new AtomicInteger();

  private ReactiveHealthIndicator check(Mono<Health> answer) {
    return () -> {
      checks.incrementAndGet();
      return answer;
    };
  }

  @Test
  void aCheckThatNeverAnswersIsDownAfterTheTimeout() {
    Health health =
        new BoundedRedisHealthIndicator(check(Mono.never()), () -> false, Duration.ofMillis(50))
            .health()
            .block(Duration.ofSeconds(10));
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("error")).isEqualTo("no answer within 50 ms");
  }

  @Test
  void aStoreKnownToBeDownIsNotAskedAtAll() {
    Health health =
        new BoundedRedisHealthIndicator(
                check(Mono.just(Health.up().build())), () -> true, Duration.ofSeconds(2))
            .health()
            .block(Duration.ofSeconds(10));
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(checks).hasValue(0);
  }

  @Test
  void anAnswerInTimeIsPassedOnAndAFailureIsDown() {
    assertThat(
            new BoundedRedisHealthIndicator(
                    check(Mono.just(Health.up().withDetail("version", "7.0").build())),
                    () -> false,
                    Duration.ofSeconds(2))
                .health()
                .block(Duration.ofSeconds(10))
                .getDetails())
        .containsEntry("version", "7.0");
    assertThat(
            new BoundedRedisHealthIndicator(
                    check(Mono.error(new IllegalStateException("refused"))),
                    () -> false,
                    Duration.ofSeconds(2))
                .health()
                .block(Duration.ofSeconds(10))
                .getStatus())
        .isEqualTo(Status.DOWN);
  }
}
