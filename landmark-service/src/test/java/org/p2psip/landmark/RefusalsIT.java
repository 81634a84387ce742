package org.p2psip.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a request can be refused, sent over real HTTP to a running landmark: the answer is
 * {@code application/problem+json} with the right status and headers, never the framework's default
 * error JSON.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"p2psip.landmark.port=0", "p2psip.landmark.mesh.embed-interval=1h"})
class RefusalsIT extends RedisBackedTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void freshNamespace(DynamicPropertyRegistry registry) {
    // nothing published in this namespace: GET /v1/landmarks is refused as not yet available
    registry.add("p2psip.landmark.mesh.namespace", () -> "refusals-" + UUID.randomUUID());
  }

  @LocalServerPort int port;

  /** One bad request and its expected status; {@code header} must be present in the answer. */
  record Refusal(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      int status,
      String header) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("wrong method", "POST", "/v1/landmarks", Map.of(), 405, "Allow"),
        new Refusal(
            "not acceptable", "GET", "/v1/landmarks/self", Map.of("Accept", "text/csv"), 406, null),
        new Refusal("unknown path", "GET", "/v2/nothing/here", Map.of(), 404, null),
        new Refusal(
            "unknown path asked as HTML",
            "GET",
            "/v2/nothing/here",
            Map.of("Accept", "text/html"),
            404,
            null),
        new Refusal("unknown actuator endpoint", "GET", "/actuator/nope", Map.of(), 404, null),
        new Refusal("nothing published yet", "GET", "/v1/landmarks", Map.of(), 503, "Retry-After"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void everyRefusalIsAProblemDocument(Refusal refusal) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + refusal.path()))
            .timeout(Duration.ofSeconds(30))
            .method(refusal.method(), HttpRequest.BodyPublishers.noBody());
    refusal.headers().forEach(request::header);

    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(refusal.status());
    assertThat(answer.headers().firstValue("Content-Type"))
        .as(answer.body())
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(refusal.status());
    assertThat(problem.path("title").asString()).isNotBlank();
    if (refusal.header() != null) {
      assertThat(answer.headers().firstValue(refusal.header())).isPresent();
    }
  }
}
