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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.enrollment.EnrollmentServiceApplication;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestRedis;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Two replicas of the enrollment service (two application contexts on their own ports, one Redis,
 * one data directory, one landmark service) serve byte-identical configuration documents: the same
 * signer, sequence, expiration and signature, whichever answers. When the content changes (the
 * landmarks publish a new set) both serve the new document under the next sequence number.
 */
class SharedSignerIT extends RedisBackedTest {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static String landmarks(long version, String host) {
    return "{\"version\":"
        + version
        + ",\"dimensions\":1,\"landmarks\":[{\"id\":\"lm-1\",\"host\":\""
        + host
        + "\",\"port\":6090,\"coordinate\":[0]}]}";
  }

  static ConfigurableApplicationContext replica(Path data, String overlay, int landmarkPort) {
    return new SpringApplicationBuilder(EnrollmentServiceApplication.class)
        .run(
            "--server.port=0",
            "--spring.data.redis.url=" + TestRedis.url(),
            "--p2psip.enrollment.overlay-name=" + overlay,
            "--p2psip.enrollment.ca.generate-in=" + data.resolve("ca"),
            "--p2psip.enrollment.document.landmarks-url=http://127.0.0.1:" + landmarkPort,
            "--p2psip.enrollment.document.landmarks-refresh=200ms");
  }

  static String document(ConfigurableApplicationContext replica) throws Exception {
    int port = replica.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/.well-known/reload-config"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  static long sequence(String document) {
    int at = document.indexOf("sequence=\"") + "sequence=\"".length();
    return Long.parseLong(document.substring(at, document.indexOf('"', at)));
  }

  static boolean lists(ConfigurationDocuments.HostPort landmark, String document) {
    return document.contains(
        "<disco:landmark-host address=\"" + landmark.host() + "\" port=\"6090\"/>");
  }

  @Test
  void twoReplicasServeByteIdenticalDocumentsAndAChangeBumpsTheSequenceOnBoth(@TempDir Path data)
      throws Exception {
    AtomicReference<String> published = new AtomicReference<>(landmarks(5, "198.51.100.5"));
    DisposableServer landmarkService =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/v1/landmarks",
                        (request, response) ->
                            response
                                .header("Content-Type", "application/json")
                                .sendString(Mono.fromSupplier(published::get))))
            .bindNow();
    String overlay = "replicas" + System.nanoTime() + ".test";
    try (ConfigurableApplicationContext first = replica(data, overlay, landmarkService.port());
        ConfigurableApplicationContext second = replica(data, overlay, landmarkService.port())) {
      var five = new ConfigurationDocuments.HostPort("198.51.100.5", 6090);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lists(five, document(first)) && lists(five, document(second)));

      String fromFirst = document(first);
      String fromSecond = document(second);
      assertThat(fromSecond).isEqualTo(fromFirst);
      assertThat(document(first)).as("asked again").isEqualTo(fromFirst);
      assertThat(Files.exists(data.resolve("ca").resolve(ConfigurationSigner.DEVELOPMENT_KEY)))
          .isTrue();

      published.set(landmarks(6, "198.51.100.6"));
      var six = new ConfigurationDocuments.HostPort("198.51.100.6", 6090);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lists(six, document(first)) && lists(six, document(second)));

      String changedFirst = document(first);
      String changedSecond = document(second);
      assertThat(changedSecond).isEqualTo(changedFirst);
      assertThat(sequence(changedFirst)).isEqualTo(sequence(fromFirst) + 1);
    } finally {
      landmarkService.disposeNow();
    }
  }
}
