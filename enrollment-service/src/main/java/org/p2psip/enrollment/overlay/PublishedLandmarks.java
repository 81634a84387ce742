package org.p2psip.enrollment.overlay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.loop.ResilientLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The landmark set the landmark services last published ({@code GET /v1/landmarks}), read every
 * {@code landmarks-refresh} so that the configuration document's DisCo {@code <landmarks>} lists
 * the landmarks that really answer, under the version their coordinates were published with. Until
 * the first successful read, and if none is configured, there is nothing here and the document
 * keeps its static list. A failed read keeps the last set: landmarks that were published a moment
 * ago are a better answer than none. The polling never stops while the service runs: a failed read
 * (or any failure of a round) is counted in {@code p2psip.loop.failures{loop=published-landmarks}}
 * and the next tick reads again ({@link ResilientLoop}).
 */
public final class PublishedLandmarks implements SmartLifecycle, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(PublishedLandmarks.class);

  /** One published set: its version and each landmark's probe address. */
  record Snapshot(long version, List<ConfigurationDocuments.HostPort> hosts) {}

  private final @Nullable Supplier<Mono<Snapshot>> reader;
  private final Duration refresh;
  private final AtomicReference<@Nullable Snapshot> latest = new AtomicReference<>();
  // the bean is made before the application's registry is bound to it (MeterBinder)
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private volatile @Nullable Disposable polling;

  public PublishedLandmarks(EnrollmentProperties.Document settings) {
    this(
        settings.landmarksUrl() == null
            ? null
            : http(WebClient.builder().baseUrl(settings.landmarksUrl().toString()).build()),
        settings.landmarksRefresh());
  }

  /**
   * @param reader one read of the published set (empty when there is none), or null when none is
   *     configured
   */
  PublishedLandmarks(@Nullable Supplier<Mono<Snapshot>> reader, Duration refresh) {
    this.reader = reader;
    this.refresh = refresh;
  }

  /** Nothing published, ever: the document keeps its static list. */
  public static PublishedLandmarks none() {
    return new PublishedLandmarks(null, Duration.ofSeconds(30));
  }

  Optional<Snapshot> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** Reads the published set over HTTP; empty when there is none. */
  private static Supplier<Mono<Snapshot>> http(WebClient directory) {
    return () ->
        directory
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
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
  }

  @Override
  public void start() {
    if (reader == null) {
      return;
    }
    polling =
        ResilientLoop.start(
            "published-landmarks",
            Duration.ZERO,
            refresh,
            () -> Mono.defer(reader).doOnNext(this::published).then(),
            meters);
  }

  private void published(Snapshot snapshot) {
    Snapshot before = latest.getAndSet(snapshot);
    if (before == null || !before.equals(snapshot)) {
      log.info(
          "configuration document lists the published landmarks: version {}, {}",
          snapshot.version(),
          snapshot.hosts());
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
