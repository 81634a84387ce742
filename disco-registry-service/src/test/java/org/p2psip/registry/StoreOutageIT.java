package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis stopped under the running registry, then started again: meanwhile every request that needs
 * it is answered 503 with {@code Retry-After} and a problem document (not a 500 with the
 * framework's body), health says DOWN; afterwards everything answers again with the data stored
 * before the outage.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"p2psip.registry.store.probe-interval=200ms"})
class StoreOutageIT {

  static final OverlayPki PKI = OverlayPki.withTrustFiles("Outage Test CA");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static DedicatedRedis redis;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws Exception {
    redis = DedicatedRedis.start();
    registry.add("spring.data.redis.url", redis::url);
    registry.add("p2psip.registry.trust.ca-certificate", PKI::caFile);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @LocalServerPort int port;

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertUnavailable(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(problem.path("title").asString()).isEqualTo("Store unavailable");
    assertThat(problem.has("reloadError")).isFalse();
  }

  String storeBody(String conference, long storageTime) throws Exception {
    OverlayPki.Signer signer = PKI.signer(conference);
    ApiTypes.Entry entry =
        signer.entry(
            conference,
            Kind.DISCO_REGISTRATION,
            signer.nodeId(),
            new DisCoRegistration.FocusUri(Coordinate.of(1, 2), "sip:focus@192.0.2.1").encode(),
            storageTime,
            600);
    return JSON.writeValueAsString(
        new ApiTypes.StoreRequest(List.of(new ApiTypes.KindStore("disco", 0L, List.of(entry)))));
  }

  @Test
  void anOutageIsAnswered503AndTheDataIsThereAfterIt() throws Exception {
    String conference = "outage-" + UUID.randomUUID() + "@example.org";
    String resource = "/v1/resources/sip:" + conference;
    HttpResponse<String> stored =
        send("POST", resource + "/store", storeBody(conference, System.currentTimeMillis()));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    HttpResponse<String> before = send("GET", resource + "/kinds/disco", null);
    assertThat(before.statusCode()).isEqualTo(200);

    redis.stop();

    assertUnavailable(send("GET", resource + "/kinds/disco", null));
    assertUnavailable(send("GET", resource + "/stat", null));
    assertUnavailable(send("GET", resource + "/kinds/disco/closest?coordinate=1,2", null));
    assertUnavailable(
        send("POST", resource + "/store", storeBody(conference, System.currentTimeMillis())));
    // a second read while Redis is known down: refused without trying
    assertUnavailable(send("GET", resource + "/kinds/disco", null));
    HttpResponse<String> health = send("GET", "/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("DOWN");

    redis.resume();

    HttpResponse<String> after =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> send("GET", resource + "/kinds/disco", null), a -> a.statusCode() == 200);
    JsonNode fetched = JSON.readTree(after.body());
    assertThat(fetched.path("generation").asLong()).isEqualTo(1);
    assertThat(fetched.path("entries")).hasSize(1);
    assertThat(fetched.path("entries").get(0).path("value").asString())
        .isEqualTo(JSON.readTree(before.body()).path("entries").get(0).path("value").asString());
    HttpResponse<String> storedAfter =
        send("POST", resource + "/store", storeBody(conference, System.currentTimeMillis()));
    assertThat(storedAfter.statusCode()).as(storedAfter.body()).isEqualTo(200);
  }
}
