package org.p2psip.registry.trust;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.p2psip.registry.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The current {@link TrustMaterial}, read from files or fetched from the enrollment service and
 * re-read every refresh interval. A failed re-read keeps the last good material (and says so in the
 * log); until a first read succeeds, writes are refused as unavailable rather than accepted
 * unchecked.
 */
public final class OverlayTrust implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OverlayTrust.class);

  private final RegistryProperties.Trust settings;
  private final WebClient enrollment;
  private final AtomicReference<TrustMaterial> current = new AtomicReference<>();
  private volatile Disposable refreshing;
  private volatile long loadedAt;

  /** How often a missing trust anchor is retried, and the refresh interval checked. */
  private static final Duration RETRY = Duration.ofSeconds(2);

  public OverlayTrust(RegistryProperties.Trust settings, WebClient enrollment) {
    this.settings = settings;
    this.enrollment = enrollment;
    if (settings.caCertificate() == null && settings.enrollmentUrl() == null) {
      throw new IllegalStateException(
          "the registry needs the overlay CA: set p2psip.registry.trust.ca-certificate (PEM file)"
              + " or p2psip.registry.trust.enrollment-url");
    }
  }

  /** The material, or an error when none could be read yet. */
  public Mono<TrustMaterial> current() {
    return Mono.defer(
        () -> {
          TrustMaterial material = current.get();
          return material != null
              ? Mono.just(material)
              : Mono.error(new TrustUnavailableException());
        });
  }

  /** Reads the material now (files on a worker thread, the enrollment service over HTTP). */
  public Mono<TrustMaterial> reload() {
    Mono<TrustMaterial> read =
        settings.caCertificate() != null ? fromFiles() : fromEnrollmentService();
    return read.doOnNext(
        material -> {
          loadedAt = System.nanoTime();
          TrustMaterial before = current.getAndSet(material);
          if (before == null
              || !before.ca().equals(material.ca())
              || (before.crl() == null) != (material.crl() == null)
              || before.crl() != null && !before.crl().equals(material.crl())) {
            log.info(
                "trust: overlay CA {}, CRL {}",
                material.ca().getSubjectX500Principal(),
                material.crl() == null
                    ? "none"
                    : material.crl().getRevokedCertificates() == null
                        ? "with no revocations"
                        : "with "
                            + material.crl().getRevokedCertificates().size()
                            + " revocations");
          }
        });
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

  @Override
  public void start() {
    if (settings.caCertificate() != null) {
      // a configured file must be readable: fail at startup, not at the first write
      reload().block(Duration.ofSeconds(30));
    }
    // tick often; read when nothing is loaded yet (the enrollment service may start after us)
    // or when the last good read is older than the refresh interval
    refreshing =
        Flux.interval(Duration.ZERO, RETRY)
            .onBackpressureDrop()
            .filter(
                tick ->
                    current.get() == null
                        || System.nanoTime() - loadedAt >= settings.refresh().toNanos())
            .concatMap(
                tick ->
                    reload()
                        .onErrorResume(
                            error -> {
                              log.warn(
                                  "trust: reading the overlay CA and CRL failed ({}); {}",
                                  error.toString(),
                                  current.get() == null
                                      ? "writes are refused until it succeeds"
                                      : "keeping the last good ones");
                              return Mono.empty();
                            }),
                1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable running = refreshing;
    refreshing = null;
    if (running != null) {
      running.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return refreshing != null;
  }

  /** The material if read, for health: null before the first successful read. */
  public TrustMaterial loaded() {
    return current.get();
  }

  /** Thrown (as an error signal) while no trust material has been read. */
  public static final class TrustUnavailableException extends RuntimeException {
    TrustUnavailableException() {
      super("the overlay CA certificate has not been read yet");
    }
  }
}
