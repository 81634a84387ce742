package org.p2psip.landmark;

import java.time.Duration;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * A reply delay falsifies every RTT measured against this landmark. It exists so that tests and
 * local demonstrations on one machine get landmarks at different "distances"; anywhere else it is a
 * misconfiguration, refused at startup rather than silently skewing every coordinate.
 */
final class ReplyDelayGuard {

  private static final Set<String> ALLOWED_PROFILES = Set.of("test", "dev");

  private ReplyDelayGuard() {}

  static void check(Duration replyDelay, Environment environment) {
    if (replyDelay.isZero()) {
      return;
    }
    for (String profile : environment.getActiveProfiles()) {
      if (ALLOWED_PROFILES.contains(profile)) {
        return;
      }
    }
    throw new IllegalStateException(
        "p2psip.landmark.reply-delay="
            + replyDelay
            + " is a test aid that falsifies RTTs; it is refused unless the 'test' or 'dev' profile"
            + " is active");
  }
}
