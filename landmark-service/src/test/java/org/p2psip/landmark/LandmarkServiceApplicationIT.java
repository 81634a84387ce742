package org.p2psip.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ActuatorProbe;
import org.p2psip.testsupport.TestRedis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LandmarkServiceApplicationIT {

  @LocalServerPort int port;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", TestRedis::url);
  }

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
