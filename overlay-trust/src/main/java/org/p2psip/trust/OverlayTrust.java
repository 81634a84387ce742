package org.p2psip.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The current {@link TrustMaterial}: read from files or fetched from the enrollment service and
 * re-read every refresh interval. With the enrollment service it also follows {@code GET
 * /v1/revocations}: an announced serial counts as revoked at once, and the CRL is fetched again
 * right away (and whenever the stream (re)connects, since announcements may have been missed), so a
 * revocation takes effect in about a second instead of at the next refresh. A failed re-read keeps
 * the last good material (and says so in the log); until a first read succeeds {@link #current}
 * fails, so that callers refuse rather than accept unchecked.
 */
public final class OverlayTrust implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OverlayTrust.class);

  /** How often a missing trust anchor is retried, and the refresh interval checked. */
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final TrustSettings settings;
  private final @Nullable WebClient enrollment;
  private final AtomicReference<@Nullable TrustMaterial> current = new AtomicReference<>();
  private final Sinks.Many<Boolean> reloadNow = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.Many<TrustMaterial> changes = Sinks.many().multicast().directBestEffort();
  private volatile @Nullable Disposable running;
  private volatile long loadedAt;

  /**
   * @param enrollment a client with the enrollment service as base URL (see {@link
   *     EnrollmentClients}); null when the material comes from files
   */
  public OverlayTrust(TrustSettings settings, @Nullable WebClient enrollment) {
    this.settings = settings;
    this.enrollment = enrollment;
    if (!settings.configured()) {
      throw new IllegalStateException(
          "the overlay CA is needed: set a CA certificate file (PEM) or the enrollment service URL");
    }
    if (settings.caCertificate() == null && enrollment == null) {
      throw new IllegalArgumentException("an enrollment URL needs a client for it");
    }
  }

  /** The material, or an error ({@link TrustUnavailableException}) when none could be read yet. */
  public Mono<TrustMaterial> current() {
    return Mono.defer(
        () -> {
          TrustMaterial material = current.get();
          return material != null
              ? Mono.just(material)
              : Mono.error(new TrustUnavailableException());
        });
  }

  /** The material if read, for health: null before the first successful read. */
  public @Nullable TrustMaterial loaded() {
    return current.get();
  }

  /** Every new material, including one that only adds an announced revocation (hot). */
  public Flux<TrustMaterial> changes() {
    return changes.asFlux();
  }

  /** Reads the material now (files on a worker thread, the enrollment service over HTTP). */
  public Mono<TrustMaterial> reload() {
    Mono<TrustMaterial> read =
        settings.caCertificate() != null ? fromFiles() : fromEnrollmentService();
    return read.map(
        material -> {
          loadedAt = System.nanoTime();
          TrustMaterial before =
              current.getAndUpdate(
                  previous -> material.withAnnounced(stillAnnounced(previous, material)));
          TrustMaterial now = current.get();
          if (before == null
              || !before.ca().equals(now.ca())
              || (before.crl() == null) != (now.crl() == null)
              || before.crl() != null && !before.crl().equals(now.crl())) {
            log.info(
                "trust: overlay CA {}, CRL {}",
                now.ca().getSubjectX500Principal(),
                now.crl() == null ? "none" : "with " + now.crlRevocations() + " revocations");
            changes.emitNext(now, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
          }
          return now;
        });
  }

  /** Announced serials a newly read CRL does not list yet (a replica may lag by a moment). */
  private static Set<BigInteger> stillAnnounced(
      @Nullable TrustMaterial previous, TrustMaterial read) {
    if (previous == null || previous.announced().isEmpty()) {
      return Set.of();
    }
    Set<BigInteger> left = new HashSet<>();
    for (BigInteger serial : previous.announced()) {
      if (read.crl() == null || read.crl().getRevokedCertificate(serial) == null) {
        left.add(serial);
      }
    }
    return left;
  }

  /** A revocation announced by the enrollment service: revoked from now on. */
  void announced(BigInteger serial) {
    TrustMaterial updated =
        current.updateAndGet(
            material -> {
              if (material == null || material.announced().contains(serial)) {
                return material;
              }
              Set<BigInteger> serials = new HashSet<>(material.announced());
              serials.add(serial);
              return material.withAnnounced(serials);
            });
    log.info("trust: certificate {} revoked (announced)", serial.toString(16));
    if (updated != null) {
      changes.emitNext(updated, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
    }
    reloadNow.emitNext(true, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
  }

  private Mono<TrustMaterial> fromFiles() {
    return Mono.fromCallable(
            () -> {
              var ca = TrustParsing.certificate(read(settings.caCertificate()));
              var crl = settings.crl() == null ? null : TrustParsing.crl(read(settings.crl()), ca);
              return new TrustMaterial(ca, crl);
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static byte[] read(Resource resource) throws IOException {
    try (var in = resource.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private Mono<TrustMaterial> fromEnrollmentService() {
    return enrollment
        .get()
        .uri("/v1/ca")
        .retrieve()
        .bodyToMono(byte[].class)
        .map(TrustParsing::certificate)
        .flatMap(
            ca ->
                enrollment
                    .get()
                    .uri("/crl")
                    .exchangeToMono(
                        response ->
                            response.statusCode() == HttpStatus.OK
                                ? response.bodyToMono(byte[].class)
                                : response.releaseBody().then(Mono.empty()))
                    .map(der -> new TrustMaterial(ca, TrustParsing.crl(der, ca)))
                    .defaultIfEmpty(new TrustMaterial(ca, null)))
        .timeout(Duration.ofSeconds(10));
  }

  /**
   * The enrollment service's revocation stream, reconnected with backoff for as long as this runs:
   * {@code ready} and {@code resync} mean "fetch the CRL again", {@code revoked} names a serial.
   */
  private Flux<ServerSentEvent<String>> revocationStream() {
    return Flux.defer(
            () ->
                enrollment
                    .get()
                    .uri("/v1/revocations")
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {}))
        // a stream that ends (a replica stopping) is reconnected like one that fails
        .concatWith(Mono.error(new IllegalStateException("the revocation stream ended")))
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(30))
                .transientErrors(true)
                .doBeforeRetry(
                    retry ->
                        log.info(
                            "trust: revocation stream lost ({}); reconnecting",
                            retry.failure().getMessage())));
  }

  private void followed(ServerSentEvent<String> event) {
    String type = event.event();
    if (type == null) {
      return; // a keep-alive comment
    }
    switch (type) {
      case "ready", "resync" ->
          reloadNow.emitNext(true, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
      case "revoked" -> {
        try {
          announced(new BigInteger(event.id(), 16));
        } catch (RuntimeException e) {
          log.warn("trust: ignored a revocation event without a serial");
        }
      }
      default -> {
        // events added later are not ours to act on
      }
    }
  }

  @Override
  public void start() {
    if (settings.caCertificate() != null) {
      // a configured file must be readable: fail at startup, not at the first check
      reload().block(Duration.ofSeconds(30));
    }
    // tick often; read when nothing is loaded yet (the enrollment service may start after us),
    // when the last good read is older than the refresh interval, or when asked to at once
    Flux<Boolean> due =
        Flux.interval(Duration.ZERO, RETRY)
            .onBackpressureDrop()
            .filter(
                tick ->
                    current.get() == null
                        || System.nanoTime() - loadedAt >= settings.refresh().toNanos())
            .map(tick -> true);
    Disposable refreshing =
        Flux.merge(due, reloadNow.asFlux())
            .onBackpressureLatest()
            .concatMap(
                tick ->
                    reload()
                        .onErrorResume(
                            error -> {
                              log.warn(
                                  "trust: reading the overlay CA and CRL failed ({}); {}",
                                  error.toString(),
                                  current.get() == null
                                      ? "certificates are refused until it succeeds"
                                      : "keeping the last good ones");
                              return Mono.empty();
                            }),
                1)
            .subscribe(material -> {}, error -> log.error("trust: the refresh loop ended", error));
    Disposable following =
        enrollment == null || settings.caCertificate() != null
            ? Disposables.single()
            : revocationStream()
                .subscribe(
                    this::followed, error -> log.error("trust: revocation stream ended", error));
    running = Disposables.composite(refreshing, following);
  }

  @Override
  public void stop() {
    Disposable current = running;
    running = null;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }

  /** Thrown (as an error signal) while no trust material has been read. */
  public static final class TrustUnavailableException extends RuntimeException {
    TrustUnavailableException() {
      super("the overlay CA certificate has not been read yet");
    }
  }
}
