package org.p2psip.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Reads a service's Actuator endpoints over real HTTP, as Kubernetes probes would. */
public final class ActuatorProbe {

  // HTTP/1.1 as Kubernetes probes speak it (no h2c upgrade attempt)
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ActuatorProbe() {}

  /** GET {@code path} on localhost:{@code port}; returns status code and body. */
  public static Response get(int port, String path) throws IOException, InterruptedException {
    return get(port, path, Duration.ofSeconds(30));
  }

  static Response get(int port, String path, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(timeout)
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      // An answer that never came has happened rarely in CI and never here. Leave evidence
      // (where every thread of this JVM, server included, was), then ask once more on a fresh
      // client and connection, as a scraper's next attempt would: if that answers, the pooled
      // connection was at fault, not the service.
      dumpThreads("no answer to GET " + path + " within " + timeout);
      HttpClient fresh =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response = fresh.send(request, HttpResponse.BodyHandlers.ofString());
      System.err.println("ActuatorProbe: GET " + path + " answered on a fresh connection");
      return new Response(response.statusCode(), response.body());
    }
  }

  private static void dumpThreads(String why) {
    StringBuilder dump = new StringBuilder("ActuatorProbe: " + why + "; threads:\n");
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              dump.append('"')
                  .append(thread.getName())
                  .append("\" ")
                  .append(thread.getState())
                  .append('\n');
              for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
              }
            });
    System.err.println(dump);
  }

  /**
   * Polls the health endpoint as a Kubernetes startup probe does (short timeout, retries) until it
   * answers 200 or {@code patience} runs out; returns the last answer.
   */
  public static Response awaitHealthy(int port, Duration patience)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Response health = get(port, "/actuator/health", Duration.ofSeconds(3));
        if (health.status() == 200) {
          return health;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    if (last != null) {
      throw last;
    }
    return get(port, "/actuator/health");
  }

  /** Status code and body of one HTTP answer. */
  public record Response(int status, String body) {

    /** True when the JSON body names {@code component} with status UP. */
    public boolean componentUp(String component) {
      return body.replaceAll("\\s", "").contains("\"" + component + "\":{\"status\":\"UP\"");
    }
  }
}
