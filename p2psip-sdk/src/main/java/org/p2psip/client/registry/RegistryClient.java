package org.p2psip.client.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The DisCo registry's HTTP API (Store, Fetch, Stat, closest foci) for clients. */
public final class RegistryClient {

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Live entries of one kind and its generation. */
  public record Fetched(long generation, List<RegistryEntry> entries) {}

  private final HttpClient http;
  private final URI base;

  public RegistryClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  private URI resource(String resource, String path) {
    return base.resolve(
        "/v1/resources/"
            + URLEncoder.encode(resource, StandardCharsets.UTF_8).replace("+", "%20")
            + path);
  }

  /** True when neither kind holds live data under {@code resource}. */
  public Mono<Boolean> available(String resource) {
    return send(HttpRequest.newBuilder(resource(resource, "/stat")).GET())
        .map(stat -> stat.path("available").asBoolean(false));
  }

  /** Stores entries of one kind; the new generation. */
  public Mono<Long> store(
      String resource, String kind, long generation, List<RegistryEntry> entries) {
    Map<String, Object> body =
        Map.of(
            "kinds", List.of(Map.of("kind", kind, "generation", generation, "entries", entries)));
    return send(HttpRequest.newBuilder(resource(resource, "/store"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
        .map(answer -> answer.path("kinds").path(0).path("generation").asLong());
  }

  /** All live entries of {@code kind}. */
  public Mono<Fetched> fetch(String resource, String kind) {
    return send(HttpRequest.newBuilder(resource(resource, "/kinds/" + kind)).GET())
        .map(
            answer ->
                new Fetched(
                    answer.path("generation").asLong(),
                    JSON.convertValue(
                        answer.path("entries"),
                        JSON.getTypeFactory()
                            .constructCollectionType(List.class, RegistryEntry.class))));
  }

  private Mono<JsonNode> send(HttpRequest.Builder request) {
    HttpRequest built =
        request.timeout(Duration.ofSeconds(15)).header("Accept", "application/json").build();
    return Mono.fromFuture(() -> http.sendAsync(built, HttpResponse.BodyHandlers.ofString()))
        .map(
            response -> {
              JsonNode body;
              try {
                body = JSON.readTree(response.body());
              } catch (RuntimeException e) {
                body = JSON.createObjectNode();
              }
              if (response.statusCode() / 100 != 2) {
                throw new RegistryRefusal(
                    response.statusCode(),
                    body.path("reloadError").asInt(0),
                    body.path("reloadErrorName").asString("HTTP " + response.statusCode()),
                    body.path("detail").asString(response.body()),
                    body.path("generation").asLong(-1));
              }
              return body;
            });
  }
}
