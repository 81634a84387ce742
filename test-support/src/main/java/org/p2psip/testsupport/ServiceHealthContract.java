package org.p2psip.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every service promises operators: it boots against a real Redis, reports itself healthy with
 * Redis as a component, answers the Kubernetes liveness and readiness probes, and exports
 * Prometheus metrics. A service's full-context test extends this and adds
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceHealthContract extends RedisBackedTest {

  @LocalServerPort protected int port;

  @Test
  void bootsHealthyWithRedisAndAnswersKubernetesProbes() throws Exception {
    // like a Kubernetes startup probe: a few short tries before the service counts as started
    ActuatorProbe.Response health = ActuatorProbe.awaitHealthy(port, Duration.ofSeconds(60));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.componentUp("redis")).as(health.body()).isTrue();
    assertThat(ActuatorProbe.get(port, "/actuator/health/liveness").status()).isEqualTo(200);
    assertThat(ActuatorProbe.get(port, "/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(ActuatorProbe.get(port, "/actuator/prometheus").body())
        .contains("jvm_memory_used_bytes");
  }
}
