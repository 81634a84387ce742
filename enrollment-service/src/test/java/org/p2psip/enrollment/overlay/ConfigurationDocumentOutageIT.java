package org.p2psip.enrollment.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stopped under the running enrollment service, then started again. A replica that has served
 * no document yet answers {@code /.well-known/reload-config} with 503, {@code Retry-After} and a
 * plain-text reason; one that has serves its last signed document from memory, byte for byte; after
 * the outage the stored document (same sequence) is served again.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"p2psip.enrollment.document.store-probe-interval=200ms"})
class ConfigurationDocumentOutageIT {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static DedicatedRedis redis;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws Exception {
    redis = DedicatedRedis.start();
    registry.add("spring.data.redis.url", redis::url);
    Path ca = Files.createTempDirectory("enrollment-outage-ca");
    registry.add("p2psip.enrollment.ca.generate-in", ca::toString);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @LocalServerPort int port;

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theLastSignedDocumentIsServedFromMemoryThroughAnOutage() throws Exception {
    redis.stop();
    HttpResponse<String> nothingYet = get("/.well-known/reload-config");
    assertThat(nothingYet.statusCode()).isEqualTo(503);
    assertThat(nothingYet.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(nothingYet.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(nothingYet.body()).isEqualTo("configuration_unavailable");

    redis.resume();
    HttpResponse<String> served =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> get("/.well-known/reload-config"), answer -> answer.statusCode() == 200);
    String document = served.body();

    redis.stop();
    for (int i = 0; i < 2; i++) {
      // the first while the outage is being noticed, the second once Redis is known down
      HttpResponse<String> fromMemory = get("/.well-known/reload-config");
      assertThat(fromMemory.statusCode()).isEqualTo(200);
      assertThat(fromMemory.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/p2p-overlay+xml"));
      assertThat(fromMemory.body()).isEqualTo(document);
    }
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"DOWN\"");

    redis.resume();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get("/actuator/health").statusCode() == 200);
    HttpResponse<String> after = get("/.well-known/reload-config");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).as("the stored document, same sequence").isEqualTo(document);
  }
}
