package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a request can be refused, sent over real HTTP to the running registry: whichever layer
 * refuses it (a codec, the request mapping, an argument resolver, the controller), the answer is
 * {@code application/problem+json} with the right status, and with the RELOAD error where one
 * applies (docs/registry.md, "Refusals").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusalsIT extends RedisBackedTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void overlayCa(DynamicPropertyRegistry registry) throws Exception {
    Path directory = Files.createTempDirectory("registry-ca");
    Path ca = TestPki.pem(directory, "ca.pem", new TestPki("Overlay CA").ca.certificate());
    registry.add("p2psip.registry.trust.ca-certificate", () -> "file:" + ca);
  }

  @LocalServerPort int port;

  /**
   * One bad request and what it must be answered with; {@code reloadError} null where no RELOAD
   * error applies (the request never reached RELOAD semantics).
   */
  record Refusal(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      int status,
      Integer reloadError) {

    @Override
    public String toString() {
      return name;
    }
  }

  static final String STORE = "/v1/resources/sip:refusals@example.org/store";
  static final String JSON_TYPE = "application/json";

  static Stream<Refusal> refusals() {
    String overLimit =
        "{\"kinds\":[{\"kind\":\"disco\",\"entries\":[{\"key\":\"00112233445566778899aabbccddeeff\","
            + "\"value\":\""
            + "A".repeat(600 * 1024)
            + "\"}]}]}";
    return Stream.of(
        new Refusal(
            "body over the request limit",
            "POST",
            STORE,
            Map.of("Content-Type", JSON_TYPE),
            overLimit,
            413,
            8),
        new Refusal(
            "unsupported media type",
            "POST",
            STORE,
            Map.of("Content-Type", "text/plain"),
            "{}",
            415,
            null),
        new Refusal(
            "wrong method",
            "DELETE",
            "/v1/resources/sip:a@example.org/stat",
            Map.of(),
            null,
            405,
            null),
        new Refusal(
            "not acceptable",
            "GET",
            "/v1/resources/sip:a@example.org/stat",
            Map.of("Accept", "text/csv"),
            null,
            406,
            null),
        new Refusal("unknown path", "GET", "/v2/nothing/here", Map.of(), null, 404, null),
        new Refusal(
            "missing parameter",
            "GET",
            "/v1/resources/sip:a@example.org/kinds/disco/closest",
            Map.of(),
            null,
            400,
            20),
        new Refusal(
            "parameter of the wrong type",
            "GET",
            "/v1/resources/sip:a@example.org/kinds/disco/closest?coordinate=1,2&k=many",
            Map.of(),
            null,
            400,
            20),
        new Refusal(
            "malformed JSON", "POST", STORE, Map.of("Content-Type", JSON_TYPE), "{", 400, 20),
        new Refusal("no body", "POST", STORE, Map.of("Content-Type", JSON_TYPE), "", 400, 20),
        new Refusal(
            "unknown kind",
            "GET",
            "/v1/resources/sip:a@example.org/kinds/no-such-kind",
            Map.of(),
            null,
            400,
            12),
        new Refusal(
            "key that is not a Node-ID",
            "GET",
            "/v1/resources/sip:a@example.org/kinds/disco?key=zz",
            Map.of(),
            null,
            400,
            20),
        new Refusal(
            "change stream of an unknown kind",
            "GET",
            "/v1/resources/sip:a@example.org/kinds/no-such-kind/changes",
            Map.of("Accept", "text/event-stream"),
            null,
            400,
            12),
        new Refusal(
            "unknown actuator endpoint",
            "GET",
            "/actuator/no-such-endpoint",
            Map.of(),
            null,
            404,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void everyRefusalIsAProblemDocument(Refusal refusal) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + refusal.path()))
            .timeout(Duration.ofSeconds(30))
            .method(
                refusal.method(),
                refusal.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(refusal.body()));
    refusal.headers().forEach(request::header);

    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(refusal.status());
    assertThat(answer.headers().firstValue("Content-Type"))
        .as(answer.body())
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(refusal.status());
    assertThat(problem.path("title").asString()).isNotBlank();
    if (refusal.reloadError() == null) {
      assertThat(problem.has("reloadError")).as(answer.body()).isFalse();
    } else {
      assertThat(problem.path("reloadError").asInt())
          .as(answer.body())
          .isEqualTo(refusal.reloadError());
      assertThat(problem.path("reloadErrorName").asString()).startsWith("Error_");
      assertThat(problem.path("type").asString())
          .isEqualTo("urn:ietf:rfc:6940:error:" + refusal.reloadError());
    }
    if (refusal.status() == 405) {
      assertThat(answer.headers().firstValue("Allow")).isPresent();
    }
  }
}
