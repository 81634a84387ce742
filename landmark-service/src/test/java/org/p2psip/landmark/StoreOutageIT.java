package org.p2psip.landmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.landmark.mesh.LandmarkDirectory;
import org.p2psip.landmark.mesh.PublishedEmbedding;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis stopped under a running landmark, then started again. Before anything was published the
 * landmarks are answered 503 with {@code Retry-After} and a problem document; once an embedding was
 * read it is served from memory through the outage; the mesh loop fails its rounds meanwhile but
 * keeps running, and after the outage the landmark is registered again and the published embedding
 * is intact.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.landmark.port=0",
      "p2psip.landmark.id=lm-outage",
      "p2psip.landmark.store.probe-interval=200ms",
      "p2psip.landmark.mesh.measure-interval=200ms",
      // this test publishes the embedding itself: the landmark never competes for the lease
      "p2psip.landmark.mesh.embed-interval=1h"
    })
class StoreOutageIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static DedicatedRedis redis;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws Exception {
    redis = DedicatedRedis.start();
    registry.add("spring.data.redis.url", redis::url);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @LocalServerPort int port;
  @Autowired LandmarkDirectory directory;
  @Autowired MeterRegistry meters;

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertUnavailable(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(answer.body()).path("title").asString())
        .isEqualTo("Store unavailable");
  }

  boolean registered() {
    try {
      return directory.live(System.currentTimeMillis(), Duration.ofSeconds(45)).block().stream()
          .anyMatch(landmark -> landmark.id().equals("lm-outage"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  double measureFailures() {
    var counter = meters.find("p2psip.loop.failures").tag("loop", "landmark-measure").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void publishedLandmarksAreServedFromMemoryThroughAnOutage() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(this::registered);

    // nothing published and nothing in memory: 503 at once
    redis.stop();
    assertUnavailable(get("/v1/landmarks"));
    assertThat(get("/v1/landmarks/self").statusCode()).isEqualTo(200);
    redis.resume();
    await().atMost(Duration.ofSeconds(60)).until(this::registered);

    // published (as a lease holder does), then read once by this landmark
    assertThat(directory.holdLease("publisher", Duration.ofMinutes(5)).block()).isTrue();
    PublishedEmbedding embedding =
        new PublishedEmbedding(
            0,
            1,
            "2026-01-01T00:00:00Z",
            "publisher",
            0.01,
            List.of(
                new PublishedEmbedding.Placed("lm-a", "192.0.2.1", 6090, new double[] {0}),
                new PublishedEmbedding.Placed("lm-b", "192.0.2.2", 6090, new double[] {12.5})),
            List.of(List.of(0.0, 12.5), List.of(12.5, 0.0)));
    long version = directory.publish("publisher", embedding).block();
    HttpResponse<String> before = get("/v1/landmarks");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(before.body()).path("version").asLong()).isEqualTo(version);

    redis.stop();
    double failuresBefore = measureFailures();

    HttpResponse<String> during = get("/v1/landmarks");
    assertThat(during.statusCode()).as(during.body()).isEqualTo(200);
    assertThat(during.body()).isEqualTo(before.body());
    assertThat(during.headers().firstValue("ETag")).isEqualTo(before.headers().firstValue("ETag"));
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("DOWN");
    // the mesh's rounds fail while Redis is away, and are counted
    await().atMost(Duration.ofSeconds(30)).until(() -> measureFailures() > failuresBefore);

    redis.resume();

    // the loop kept running: the landmark registers again; the published embedding is intact
    await().atMost(Duration.ofSeconds(60)).until(this::registered);
    HttpResponse<String> after = get("/v1/landmarks");
    assertThat(after.statusCode()).isEqualTo(200);
    JsonNode published = JSON.readTree(after.body());
    assertThat(published.path("version").asLong()).isEqualTo(version);
    assertThat(published.path("landmarks")).hasSize(2);
  }
}
