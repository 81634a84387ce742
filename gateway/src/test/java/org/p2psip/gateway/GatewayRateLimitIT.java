package org.p2psip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.DisposableServer;

/** The per-client rate limit (a token bucket in the real Redis): a burst beyond it gets 429s. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.gateway.rate-limit.replenish-rate=1",
      "p2psip.gateway.rate-limit.burst-capacity=5"
    })
class GatewayRateLimitIT extends RedisBackedTest {

  static final DisposableServer REGISTRY = Backends.named("registry");

  @DynamicPropertySource
  static void backends(DynamicPropertyRegistry registry) {
    registry.add("p2psip.gateway.registry-uri", () -> "http://127.0.0.1:" + REGISTRY.port());
  }

  @LocalServerPort int port;

  @Test
  void aBurstBeyondTheBucketIsRefusedWithProblemsAndRateHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      answers.add(
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/resources/r/stat"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    long ok = answers.stream().filter(a -> a.statusCode() == 200).count();
    List<HttpResponse<String>> limited =
        answers.stream().filter(a -> a.statusCode() == 429).toList();
    assertThat(ok).isBetween(5L, 7L);
    assertThat(limited).isNotEmpty();
    HttpResponse<String> refused = limited.get(0);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("\"status\":429");
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
  }
}
