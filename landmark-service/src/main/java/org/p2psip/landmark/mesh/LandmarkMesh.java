package org.p2psip.landmark.mesh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.landmark.LandmarkProperties;
import org.p2psip.loop.ResilientLoop;
import org.p2psip.probe.RttProber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This landmark's part in the mesh. Every measure interval it re-registers itself and measures its
 * RTT to every other live landmark (several probes each, the minimum kept) and stores, per
 * landmark, the minimum over its last few rounds ({@link RttHistory}), so a round slowed by load
 * does not move the published coordinates. Every embed interval it tries to hold the embedding
 * lease; the holder computes the embedding from all vectors and publishes it under a new version
 * when the input changed beyond the threshold. A round that fails (Redis down) is logged and
 * counted, and the next one runs as usual ({@link ResilientLoop}). On shutdown it leaves the
 * directory and gives up the lease, so the others move on at once instead of after the stale
 * period.
 */
public final class LandmarkMesh implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LandmarkMesh.class);

  private final LandmarkDirectory directory;
  private final PublishedEmbeddings published;
  private final MeterRegistry meters;
  private final LandmarkProperties properties;
  private final LandmarkProperties.Mesh mesh;
  private final String id;
  private final IntSupplier probePort;
  private final Clock clock;
  private final RttProber prober;
  private final Timer measurements;
  private final AtomicLong publishedVersion = new AtomicLong();
  private final AtomicLong lastMeasuredAt = new AtomicLong();
  private volatile Map<String, Double> lastRtts = Map.of();
  private final RttHistory history;
  private volatile boolean leader;
  private volatile @Nullable Disposable loops;

  public LandmarkMesh(
      LandmarkDirectory directory,
      PublishedEmbeddings published,
      LandmarkProperties properties,
      String id,
      IntSupplier probePort,
      Clock clock,
      MeterRegistry meters) {
    this.directory = directory;
    this.published = published;
    this.meters = meters;
    this.properties = properties;
    this.mesh = properties.mesh();
    this.id = id;
    this.probePort = probePort;
    this.clock = clock;
    this.prober = new RttProber(mesh.probesPerPeer(), mesh.probeTimeout(), mesh.probeSpacing());
    this.history = new RttHistory(mesh.historyRounds());
    this.measurements = Timer.builder("p2psip.landmark.measurement").register(meters);
    meters.gauge("p2psip.landmark.embedding.version", publishedVersion);
    meters.gauge("p2psip.landmark.leader", this, mesh -> mesh.leader ? 1 : 0);
  }

  private Landmark self() {
    return new Landmark(id, properties.advertisedHost(), probePort.getAsInt());
  }

  @Override
  public void start() {
    log.info(
        "landmark {} at {}:{} joins the mesh (measure every {}, embed every {})",
        id,
        properties.advertisedHost(),
        probePort.getAsInt(),
        mesh.measureInterval(),
        mesh.embedInterval());
    // a failed round (Redis down, a probe error, a bug) must never end the loop: the next tick
    // tries again, and the failure is counted in p2psip.loop.failures{loop}
    Disposable measuring =
        ResilientLoop.start(
            "landmark-measure", Duration.ZERO, mesh.measureInterval(), this::measureOnce, meters);
    Disposable embedding =
        ResilientLoop.start(
            "landmark-embed", mesh.embedInterval(), mesh.embedInterval(), this::embedOnce, meters);
    loops = Disposables.composite(measuring, embedding);
  }

  /** Registers, probes every other live landmark, stores the RTT vector. */
  Mono<Void> measureOnce() {
    long started = System.nanoTime();
    return directory
        .register(self(), clock.millis())
        .then(directory.live(clock.millis(), mesh.staleAfter()))
        .flatMap(
            live -> {
              List<Landmark> others = live.stream().filter(l -> !l.id().equals(id)).toList();
              List<InetSocketAddress> targets =
                  others.stream()
                      .map(l -> InetSocketAddress.createUnresolved(l.host(), l.port()))
                      .toList();
              return prober
                  .measure(targets)
                  .flatMap(
                      rtts -> {
                        Map<String, Double> vector = new LinkedHashMap<>();
                        // the reply delay simulates an access link: it lengthens this
                        // landmark's own measurements as it lengthens its answers
                        double ownDelay = properties.replyDelay().toNanos() / 1e6;
                        for (int i = 0; i < others.size(); i++) {
                          double rtt = Double.isNaN(rtts[i]) ? Double.NaN : rtts[i] + ownDelay;
                          double recent = history.record(others.get(i).id(), rtt);
                          if (!Double.isNaN(recent)) {
                            vector.put(others.get(i).id(), recent);
                          }
                        }
                        history.retain(others.stream().map(Landmark::id).toList());
                        lastRtts = Map.copyOf(vector);
                        lastMeasuredAt.set(clock.millis());
                        if (vector.size() < others.size()) {
                          log.info(
                              "landmark {}: {} of {} landmarks did not answer probes",
                              id,
                              others.size() - vector.size(),
                              others.size());
                        }
                        return directory.storeRtts(id, vector, mesh.staleAfter());
                      });
            })
        .doOnSuccess(done -> measurements.record(Duration.ofNanos(System.nanoTime() - started)));
  }

  /** Holds or tries the lease; the holder prunes stale landmarks and publishes when needed. */
  Mono<Void> embedOnce() {
    return directory
        .holdLease(id, mesh.leaseTtl())
        .flatMap(
            held -> {
              if (held != leader) {
                log.info("landmark {} {} the embedding lease", id, held ? "holds" : "lost");
              }
              leader = held;
              Mono<Void> refresh =
                  published
                      .read()
                      .doOnNext(p -> p.ifPresent(e -> publishedVersion.set(e.version())))
                      .then();
              return held ? pruneStale().then(publishIfChanged()) : refresh;
            });
  }

  private Mono<Void> pruneStale() {
    return directory
        .stale(clock.millis(), mesh.staleAfter())
        .concatMap(
            stale -> {
              log.info(
                  "landmark {} not seen for {}: removed from the directory",
                  stale,
                  mesh.staleAfter());
              return directory.deregister(stale);
            })
        .then();
  }

  private Mono<Void> publishIfChanged() {
    return directory
        .live(clock.millis(), mesh.staleAfter())
        .zipWhen(live -> directory.rtts(live.stream().map(Landmark::id).toList()))
        .map(t -> EmbeddingInput.of(t.getT1(), t.getT2()))
        .zipWith(published.read())
        .flatMap(
            t -> {
              EmbeddingInput input = t.getT1();
              var current = t.getT2();
              current.ifPresent(p -> publishedVersion.set(p.version()));
              if (!input.embeddable()
                  || current.isPresent()
                      && !input.differsFrom(current.get(), mesh.changeThreshold())) {
                return Mono.<Void>empty();
              }
              return Mono.<PublishedEmbedding>fromCallable(
                      () ->
                          EmbeddingComputation.compute(
                              input, mesh.dimensions(), mesh.restarts(), id, clock.instant()))
                  // CPU work: off the event loops
                  .subscribeOn(Schedulers.parallel())
                  .flatMap(
                      embedding ->
                          directory.publish(id, embedding).map(v -> Map.entry(v, embedding)))
                  .doOnNext(
                      published1 -> {
                        this.published.remember(
                            published1.getValue().withVersion(published1.getKey()));
                        publishedVersion.set(published1.getKey());
                        log.info(
                            "landmark {} published embedding version {}: {} landmarks, {} dimensions, median fit error {}",
                            id,
                            published1.getKey(),
                            published1.getValue().landmarks().size(),
                            published1.getValue().dimensions(),
                            String.format("%.3f", published1.getValue().fitMedianRelativeError()));
                      })
                  .then();
            });
  }

  /** What this landmark knows of itself, for health and the API. */
  public Map<String, @Nullable Object> state() {
    Map<String, @Nullable Object> state = new LinkedHashMap<>();
    state.put("id", id);
    state.put("address", properties.advertisedHost() + ":" + probePort.getAsInt());
    state.put("leader", leader);
    state.put("publishedVersion", publishedVersion.get());
    state.put(
        "lastMeasuredAt",
        lastMeasuredAt.get() == 0 ? null : Instant.ofEpochMilli(lastMeasuredAt.get()).toString());
    state.put("rttMillis", lastRtts);
    return state;
  }

  @Override
  public void stop(Runnable callback) {
    Disposable running = loops;
    loops = null;
    if (running != null) {
      running.dispose();
    }
    leader = false;
    directory
        .deregister(id)
        .then(directory.releaseLease(id))
        .timeout(Duration.ofSeconds(5))
        .doOnError(
            error ->
                log.warn("landmark {} could not leave the directory: {}", id, error.toString()))
        .onErrorComplete()
        .doFinally(signal -> callback.run())
        .subscribe();
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public boolean isRunning() {
    return loops != null;
  }

  /**
   * Starts after Redis connections (phase 0) and the probe responder (it must answer before others
   * probe us); stops before both, after the web server, so leaving the directory still reaches
   * Redis.
   */
  @Override
  public int getPhase() {
    return 100;
  }
}
