package org.p2psip.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

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
    ActuatorProbe.Response health = ActuatorProbe.get(port, "/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.componentUp("redis")).as(health.body()).isTrue();
    assertThat(ActuatorProbe.get(port, "/actuator/health/liveness").status()).isEqualTo(200);
    assertThat(ActuatorProbe.get(port, "/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(ActuatorProbe.get(port, "/actuator/prometheus").body())
        .contains("jvm_memory_used_bytes");
  }
}
