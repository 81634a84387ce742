package org.p2psip.client.coords;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Fetches the published landmark set from a landmark service (or the gateway in front of it). */
public final class LandmarkDirectoryClient {

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final HttpClient http;
  private final URI landmarks;

  /** {@code base} is the service's root, e.g. {@code http://127.0.0.1:8084}. */
  public LandmarkDirectoryClient(HttpClient http, URI base) {
    this.http = http;
    this.landmarks = base.resolve("/v1/landmarks");
  }

  /** The set; an error naming the status when none is published yet or the service refuses. */
  public Mono<LandmarkSet> fetch() {
    HttpRequest request =
        HttpRequest.newBuilder(landmarks)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .build();
    return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    landmarks + " answered HTTP " + response.statusCode() + ": " + response.body());
              }
              LandmarkSet set = JSON.readValue(response.body(), LandmarkSet.class);
              if (set.landmarks() == null || set.landmarks().isEmpty()) {
                throw new IllegalStateException(landmarks + " lists no landmarks");
              }
              return set;
            });
  }
}
