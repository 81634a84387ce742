package org.p2psip.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

class TestRedisTest {

  @Test
  void prefersRedisUrlFromTheEnvironment() {
    assertThat(TestRedis.resolve(Map.of("REDIS_URL", " redis://127.0.0.1:7777 ")))
        .isEqualTo("redis://127.0.0.1:7777");
  }

  @Test
  void failsUnderCiWithoutRedis() {
    Assumptions.assumeFalse(
        dockerAnswers(), "a Docker engine is present, so the container path applies");
    assertThatThrownBy(() -> TestRedis.resolve(Map.of("CI", "true")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CI=true");
  }

  @Test
  void skipsWithAReasonOutsideCi() {
    Assumptions.assumeFalse(
        dockerAnswers(), "a Docker engine is present, so the container path applies");
    assertThatThrownBy(() -> TestRedis.resolve(Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("REDIS_URL");
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
