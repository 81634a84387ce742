package org.p2psip.landmark.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.coords.LandmarkSet;
import org.p2psip.netcoord.Coordinates;
import org.p2psip.probe.RttProber;
import org.p2psip.testsupport.TestRedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three landmark services as three real processes (the packaged jar), over real UDP and one real
 * Redis, with reply delays of 0, 15 and 30 ms (the test aid) so that their RTTs differ on one
 * machine: they find each other, measure, elect one publisher and publish an embedding that
 * reproduces their mutual RTTs; a client's coordinate ranks them in the order of their delays; when
 * the publisher is stopped (SIGTERM), another takes over and publishes the remaining two.
 */
class ThreeLandmarksIT {

  static final int[] DELAYS_MS = {0, 15, 30};
  static final JsonMapper JSON = JsonMapper.builder().build();

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final List<Landmark> landmarks = new ArrayList<>();
  final String namespace = "landmarks-it-" + UUID.randomUUID();

  /** One landmark process and its HTTP port. */
  record Landmark(String id, Process process, int httpPort) {}

  @BeforeEach
  void startThreeLandmarks() throws Exception {
    String redis = TestRedis.url();
    Path jar =
        Path.of(
            "target",
            "landmark-service-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + ".jar");
    assertThat(jar).as("the packaged service (failsafe runs after package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int i = 0; i < DELAYS_MS.length; i++) {
      String id = "lm-" + (char) ('a' + i);
      int httpPort = freePort();
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx128m",
                  "-jar",
                  jar.toString(),
                  "--spring.profiles.active=test",
                  "--spring.data.redis.url=" + redis,
                  "--server.port=" + httpPort,
                  "--p2psip.landmark.id=" + id,
                  "--p2psip.landmark.port=0",
                  "--p2psip.landmark.advertised-host=127.0.0.1",
                  "--p2psip.landmark.reply-delay=" + DELAYS_MS[i] + "ms",
                  "--p2psip.landmark.mesh.namespace=" + namespace,
                  "--p2psip.landmark.mesh.measure-interval=300ms",
                  "--p2psip.landmark.mesh.embed-interval=300ms",
                  "--p2psip.landmark.mesh.probes-per-peer=3",
                  "--p2psip.landmark.mesh.probe-spacing=5ms",
                  "--p2psip.landmark.mesh.lease-ttl=3s",
                  "--p2psip.landmark.mesh.stale-after=3s")
              .redirectErrorStream(true)
              .redirectOutput(Path.of("target", "three-landmarks-" + id + ".log").toFile())
              .start();
      landmarks.add(new Landmark(id, process, httpPort));
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @AfterEach
  void stopLandmarks() throws Exception {
    for (Landmark landmark : landmarks) {
      landmark.process().destroy();
    }
    for (Landmark landmark : landmarks) {
      if (!landmark.process().waitFor(20, TimeUnit.SECONDS)) {
        landmark.process().destroyForcibly();
      }
    }
  }

  HttpResponse<String> get(Landmark landmark, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + landmark.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  PublishedEmbedding published(Landmark landmark) throws Exception {
    HttpResponse<String> response = get(landmark, "/v1/landmarks");
    return response.statusCode() == 200
        ? JSON.readValue(response.body(), PublishedEmbedding.class)
        : null;
  }

  boolean leader(Landmark landmark) {
    try {
      return JSON.readTree(get(landmark, "/v1/landmarks/self").body()).get("leader").asBoolean();
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void landmarksPublishAnEmbeddingAClientRanksThemByDistanceAndAnotherLeaderTakesOver()
      throws Exception {
    // the processes first: on a loaded machine three JVMs have taken 85 s to start
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                landmarks.stream()
                    .allMatch(
                        landmark -> {
                          try {
                            return get(landmark, "/actuator/health").statusCode() == 200;
                          } catch (Exception notYet) {
                            return false;
                          }
                        }));
    PublishedEmbedding embedding =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () -> published(landmarks.get(0)),
                p -> p != null && p.landmarks().size() == 3 && converged(p));
    assertThat(embedding.landmarks())
        .extracting(PublishedEmbedding.Placed::id)
        .containsExactly("lm-a", "lm-b", "lm-c");
    assertThat(embedding.dimensions()).as("3 landmarks determine 2 dimensions").isEqualTo(2);
    // every landmark serves the same published document
    assertThat(published(landmarks.get(2)).version()).isGreaterThanOrEqualTo(embedding.version());
    assertThat(landmarks.stream().filter(this::leader).count()).as("one lease holder").isEqualTo(1);

    double ac = embedding.rttMillis().get(0).get(2);
    // and the coordinates reproduce them
    assertThat(embedding.fitMedianRelativeError()).isLessThan(0.1);
    double[] a = embedding.landmarks().get(0).coordinate();
    double[] c = embedding.landmarks().get(2).coordinate();
    assertThat(Coordinates.distance(a, c)).isCloseTo(ac, Percentage.withPercentage(15));

    // a client (the SDK) fetches the set, probes the three and computes its coordinate
    LandmarkSet set =
        new LandmarkDirectoryClient(
                HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + landmarks.get(1).httpPort()))
            .fetch()
            .block(Duration.ofSeconds(10));
    assertThat(set.version()).isGreaterThanOrEqualTo(embedding.version());
    CoordinateMeasurement measurement =
        CoordinateMeasurement.measure(
                set, new RttProber(5, Duration.ofSeconds(1), Duration.ofMillis(5)))
            .block(Duration.ofSeconds(20));
    double[] rtts = measurement.rttMillis();
    assertThat(rtts[0]).isLessThan(rtts[1]);
    assertThat(rtts[1]).isLessThan(rtts[2]);
    double[] own = measurement.coordinate().toArray();
    List<LandmarkSet.Landmark> placed = set.landmarks();
    List<String> byDistance =
        IntStream.range(0, 3)
            .boxed()
            .sorted(
                Comparator.comparingDouble(
                    i -> Coordinates.distance(own, placed.get(i).coordinate())))
            .map(i -> placed.get(i).id())
            .toList();
    assertThat(byDistance).containsExactly("lm-a", "lm-b", "lm-c");
    // a consistent (star) metric: the coordinate predicts the RTT to the farthest landmark
    assertThat(Coordinates.distance(own, placed.get(2).coordinate()))
        .isCloseTo(rtts[2], Percentage.withPercentage(30));

    // the lease holder shuts down: it leaves the directory and the lease; another publishes two
    Landmark holder = landmarks.stream().filter(this::leader).findFirst().orElseThrow();
    String holderId = holder.id();
    holder.process().destroy();
    assertThat(holder.process().waitFor(20, TimeUnit.SECONDS)).as("graceful shutdown").isTrue();
    landmarks.remove(holder);
    PublishedEmbedding after =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> published(landmarks.get(0)), p -> p != null && p.landmarks().size() == 2);
    assertThat(after.version()).isGreaterThan(embedding.version());
    assertThat(after.computedBy()).isNotEqualTo(holderId);
    assertThat(after.landmarks())
        .extracting(PublishedEmbedding.Placed::id)
        .doesNotContain(holderId);
    assertThat(after.dimensions()).isEqualTo(1);
  }

  /**
   * The delays (simulated access links) show in the published RTTs once both directions of every
   * pair are measured: a-b ~ 0+15, a-c ~ 0+30, b-c ~ 15+30 ms. (Earlier versions may hold one
   * direction only: the publisher republishes when the other arrives.) Never below the delays, at
   * most 15 ms above: a loaded machine only adds delay (a clean-clone CI run measured 56 ms for the
   * 45 ms pair, and the leader kept that embedding), so the upper bounds are the loose ones.
   */
  private static boolean converged(PublishedEmbedding embedding) {
    List<List<Double>> rtt = embedding.rttMillis();
    return within(rtt.get(0).get(1), 14.5, 30)
        && within(rtt.get(0).get(2), 29.5, 45)
        && within(rtt.get(1).get(2), 44.5, 60);
  }

  private static boolean within(Double value, double low, double high) {
    return value != null && value >= low && value <= high;
  }
}
