package org.p2psip.client.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's change stream of one dictionary ({@code GET
 * /v1/resources/{resource}/kinds/{kind}/changes}, server-sent events): first one {@code present}
 * event per live entry and {@code ready}, then {@code added}, {@code updated} and {@code removed}
 * as they happen (docs/registry.md).
 */
public final class ChangeStream {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One event.
   *
   * @param event its type: {@code present}, {@code ready}, {@code added}, {@code updated}, {@code
   *     removed} (or whatever else the server names)
   * @param key the entry's key, null for events about the dictionary ({@code ready})
   * @param generation the dictionary's generation after the change
   */
  public record Change(String event, @Nullable String key, long generation) {

    /** Whether this is a change (not part of the initial {@code present} ... {@code ready}). */
    public boolean isChange() {
      return !event.equals("present") && !event.equals("ready");
    }
  }

  private final HttpClient http;
  private final URI base;

  public ChangeStream(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /**
   * Follows the changes of {@code kind} under {@code resource} until the server ends the stream or
   * the subscriber cancels (which closes the connection). Reads on {@code boundedElastic}; a
   * non-2xx answer is a {@link RegistryRefusal}.
   */
  public Flux<Change> watch(String resource, String kind) {
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve(
                    "/v1/resources/"
                        + URLEncoder.encode(resource, StandardCharsets.UTF_8)
                        + "/kinds/"
                        + kind
                        + "/changes"))
            .header("Accept", "text/event-stream")
            .build();
    return Flux.using(
            () -> open(request),
            lines -> {
              Parser parser = new Parser();
              return Flux.fromStream(lines)
                  .handle((String line, SynchronousSink<Change> sink) -> parser.line(line, sink));
            },
            Stream::close)
        .subscribeOn(Schedulers.boundedElastic());
  }

  private Stream<String> open(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() / 100 != 2) {
      String body;
      try (Stream<String> lines = response.body()) {
        body = String.join("\n", lines.toList());
      }
      throw new RegistryRefusal(
          response.statusCode(), 0, "HTTP " + response.statusCode(), body, -1);
    }
    return response.body();
  }

  /**
   * Server-sent events, line by line (the WHATWG event-stream format): {@code event:} and {@code
   * data:} fields, comments ({@code :...}) ignored, an event dispatched at the empty line that ends
   * it. The data of a change is the registry's JSON ({@code key}, {@code generation}).
   */
  static final class Parser {

    private @Nullable String event;
    private final StringBuilder data = new StringBuilder();

    /** Takes one line; the change it completes, else nothing. */
    void line(String line, SynchronousSink<Change> sink) {
      Change change = line(line);
      if (change != null) {
        sink.next(change);
      }
    }

    /** Takes one line; the change it completes, or null. */
    @Nullable Change line(String line) {
      if (line.isEmpty()) {
        return dispatch();
      }
      if (line.startsWith(":")) {
        return null;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        event = value.trim();
      } else if (field.equals("data")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(value);
      }
      return null;
    }

    private @Nullable Change dispatch() {
      String type = event == null || event.isEmpty() ? "message" : event;
      String payload = data.toString();
      event = null;
      data.setLength(0);
      if (payload.isBlank()) {
        return null;
      }
      JsonNode json = JSON.readTree(payload);
      JsonNode key = json.path("key");
      return new Change(
          type,
          key.isMissingNode() || key.isNull() ? null : key.asString(),
          json.path("generation").asLong());
    }
  }
}
