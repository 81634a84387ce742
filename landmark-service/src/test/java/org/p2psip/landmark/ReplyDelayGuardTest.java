package org.p2psip.landmark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ReplyDelayGuardTest {

  static MockEnvironment profiles(String... active) {
    MockEnvironment environment = new MockEnvironment();
    environment.setActiveProfiles(active);
    return environment;
  }

  @Test
  void aReplyDelayIsRefusedOutsideTestAndDevProfiles() {
    assertThatThrownBy(() -> ReplyDelayGuard.check(Duration.ofMillis(10), profiles()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reply-delay");
    assertThatThrownBy(() -> ReplyDelayGuard.check(Duration.ofMillis(10), profiles("prod")))
        .isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> ReplyDelayGuard.check(Duration.ofMillis(10), profiles("test")))
        .doesNotThrowAnyException();
    assertThatCode(() -> ReplyDelayGuard.check(Duration.ofMillis(10), profiles("k8s", "dev")))
        .doesNotThrowAnyException();
    assertThatCode(() -> ReplyDelayGuard.check(Duration.ZERO, profiles()))
        .doesNotThrowAnyException();
  }
}
