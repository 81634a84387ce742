package org.p2psip.enrollment.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.p2psip.enrollment.config.EnrollmentProperties;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The published-landmark poller keeps polling whatever happens to one round: a round that throws
 * before it is even a Mono, and reads slower than the refresh interval (whose ticks a plain {@code
 * Flux.interval} would fail on).
 */
class PublishedLandmarksLoopTest {

  static final PublishedLandmarks.Snapshot SNAPSHOT =
      new PublishedLandmarks.Snapshot(
          7, List.of(new ConfigurationDocuments.HostPort("192.0.2.7", 6090)));

  @Test
  void aRoundThatThrowsIsCountedAndTheNextOneReads() {
    AtomicInteger rounds = new AtomicInteger();
    PublishedLandmarks landmarks =
        new PublishedLandmarks(
            () -> {
              if (rounds.getAndIncrement() == 0) {
                throw new IllegalStateException("injected: the first round fails");
              }
              return Mono.just(SNAPSHOT);
            },
            Duration.ofMillis(50));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    landmarks.bindTo(meters);
    landmarks.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> landmarks.latest().isPresent());
      assertThat(landmarks.latest()).contains(SNAPSHOT);
      assertThat(meters.counter("p2psip.loop.failures", "loop", "published-landmarks").count())
          .isEqualTo(1);
    } finally {
      landmarks.stop();
    }
  }

  @Test
  void readsSlowerThanTheRefreshIntervalDoNotEndThePolling() {
    AtomicInteger requests = new AtomicInteger();
    DisposableServer landmarkService =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/v1/landmarks",
                        (request, response) -> {
                          int version = requests.incrementAndGet();
                          return response
                              .header("Content-Type", "application/json")
                              .sendString(
                                  Mono.delay(Duration.ofMillis(200))
                                      .thenReturn(
                                          "{\"version\":"
                                              + version
                                              + ",\"landmarks\":[{\"id\":\"lm\",\"host\":"
                                              + "\"192.0.2.1\",\"port\":6090}]}"));
                        }))
            .bindNow();
    PublishedLandmarks landmarks =
        new PublishedLandmarks(
            new EnrollmentProperties.Document(
                "https://x/enroll",
                List.of("192.0.2.1:6084"),
                List.of(),
                1,
                Duration.ofDays(1),
                null,
                URI.create("http://127.0.0.1:" + landmarkService.port()),
                Duration.ofMillis(10)));
    landmarks.start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> landmarks.latest().map(PublishedLandmarks.Snapshot::version).orElse(0L) >= 4);
    } finally {
      landmarks.stop();
      landmarkService.disposeNow();
    }
  }
}
