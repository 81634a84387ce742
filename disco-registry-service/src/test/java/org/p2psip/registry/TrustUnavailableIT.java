package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Without the overlay CA (the enrollment service unreachable) the registry refuses every write with
 * 503 rather than storing it unchecked, says so in its health, and still serves reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrustUnavailableIT extends RedisBackedTest {

  @DynamicPropertySource
  static void unreachableEnrollment(DynamicPropertyRegistry registry) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    int port = closed;
    registry.add("p2psip.registry.trust.enrollment-url", () -> "http://127.0.0.1:" + port);
  }

  @LocalServerPort int port;

  @Test
  void writesAreRefusedAsUnavailableReadsStillWork() {
    WebClient http = WebClient.create("http://127.0.0.1:" + port);
    int status =
        http.post()
            .uri("/v1/resources/{r}/store", "sip:c@example.org")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"kinds\":[{\"kind\":\"disco\",\"entries\":[{\"key\":\"00112233445566778899aabbccddeeff\","
                    + "\"exists\":false,\"value\":\"\",\"storageTime\":1,\"lifetime\":60,"
                    + "\"signature\":\"AA==\",\"certificate\":\"AA==\"}]}]}")
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
            .block(Duration.ofSeconds(10));
    assertThat(status).isEqualTo(503);
    assertThat(
            http.get()
                .uri("/v1/resources/{r}/stat", "sip:c@example.org")
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .block())
        .isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> health =
        http.get()
            .uri("/actuator/health")
            .exchangeToMono(r -> r.bodyToMono(Map.class))
            .block(Duration.ofSeconds(10));
    assertThat(health.get("status")).isEqualTo("OUT_OF_SERVICE");
    assertThat(((Map<String, Object>) health.get("components")).get("overlayTrust").toString())
        .contains("OUT_OF_SERVICE");
  }
}
