package org.p2psip.enrollment.overlay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The landmark set the landmark services last published ({@code GET /v1/landmarks}), read every
 * {@code landmarks-refresh} so that the configuration document's DisCo {@code <landmarks>} lists
 * the landmarks that really answer, under the version their coordinates were published with. Until
 * the first successful read, and if none is configured, there is nothing here and the document
 * keeps its static list. A failed read keeps the last set: landmarks that were published a moment
 * ago are a better answer than none.
 */
public final class PublishedLandmarks implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PublishedLandmarks.class);

  /** One published set: its version and each landmark's probe address. */
  record Snapshot(long version, List<ConfigurationDocuments.HostPort> hosts) {}

  private final WebClient directory;
  private final Duration refresh;
  private final AtomicReference<Snapshot> latest = new AtomicReference<>();
  private volatile boolean failing;
  private volatile Disposable polling;

  public PublishedLandmarks(EnrollmentProperties.Document settings) {
    this.directory =
        settings.landmarksUrl() == null
            ? null
            : WebClient.builder().baseUrl(settings.landmarksUrl().toString()).build();
    this.refresh = settings.landmarksRefresh();
  }

  /** Nothing published, ever: the document keeps its static list. */
  public static PublishedLandmarks none() {
    return new PublishedLandmarks(
        new EnrollmentProperties.Document(
            "", List.of(), List.of(), 1, Duration.ofDays(1), null, null, Duration.ofSeconds(30)));
  }

  Optional<Snapshot> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** Reads the published set once; empty when there is none or it cannot be read. */
  Mono<Snapshot> read() {
    return directory
        .get()
        .uri("/v1/landmarks")
        .retrieve()
        .bodyToMono(JsonNode.class)
        .timeout(Duration.ofSeconds(5))
        .map(PublishedLandmarks::snapshot)
        .filter(snapshot -> !snapshot.hosts().isEmpty());
  }

  static Snapshot snapshot(JsonNode published) {
    List<ConfigurationDocuments.HostPort> hosts = new ArrayList<>();
    for (JsonNode landmark : published.path("landmarks")) {
      String host = landmark.path("host").asString("");
      int port = landmark.path("port").asInt(0);
      if (!host.isBlank() && port > 0 && port < 65536) {
        hosts.add(new ConfigurationDocuments.HostPort(host, port));
      }
    }
    return new Snapshot(published.path("version").asLong(0), List.copyOf(hosts));
  }

  @Override
  public void start() {
    if (directory == null) {
      return;
    }
    polling =
        Flux.interval(Duration.ZERO, refresh)
            .concatMap(
                tick -> read().doOnError(this::readFailed).onErrorResume(error -> Mono.empty()), 1)
            .subscribe(this::published);
  }

  private void published(Snapshot snapshot) {
    failing = false;
    Snapshot before = latest.getAndSet(snapshot);
    if (before == null || !before.equals(snapshot)) {
      log.info(
          "configuration document lists the published landmarks: version {}, {}",
          snapshot.version(),
          snapshot.hosts());
    }
  }

  private void readFailed(Throwable error) {
    if (!failing) {
      failing = true;
      log.warn(
          "cannot read the published landmarks ({}); the document keeps {}",
          error.toString(),
          latest.get() == null ? "its static list" : "the last published set");
    }
  }

  @Override
  public void stop() {
    Disposable running = polling;
    if (running != null) {
      running.dispose();
    }
    polling = null;
  }

  @Override
  public boolean isRunning() {
    return polling != null;
  }
}
