package org.p2psip.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.probe.RttProber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * From nothing to a joined conference, for many new clients at once: each enrols (configuration
 * verified, key, CSR, certificate), fetches the landmark set and measures its coordinate, then
 * joins the conference (fetch, check every entry, rank, probe the shortlist). Timed per client from
 * the start of its enrolment to its choice of focus. Accounts are created by the operator API
 * beforehand, outside the timing.
 */
public final class EndToEndLoad {

  private final HttpClient http;
  private final URI enrollment;
  private final URI registry;
  private final URI landmarks;
  private final String operatorToken;

  public EndToEndLoad(
      HttpClient http, URI enrollment, URI registry, URI landmarks, String operatorToken) {
    this.http = http;
    this.enrollment = enrollment;
    this.registry = registry;
    this.landmarks = landmarks;
    this.operatorToken = operatorToken;
  }

  private Mono<String> account(String user, String password) {
    HttpRequest request =
        HttpRequest.newBuilder(enrollment.resolve("/v1/accounts"))
            .header("Authorization", "Bearer " + operatorToken)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
            .build();
    return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .flatMap(
            response ->
                response.statusCode() == 201
                    ? Mono.just(user)
                    : Mono.error(
                        new IllegalStateException(
                            "account " + user + ": HTTP " + response.statusCode())));
  }

  public Mono<LoadReport> run(String conference, int clients) {
    String run = Long.toString(System.currentTimeMillis(), 36);
    String password = "load-" + run;
    AtomicLong errors = new AtomicLong();
    Latencies latencies = new Latencies();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    return Flux.range(0, clients)
        .flatMap(i -> account("e2e-" + run + "-" + i + "@example.org", password), 8)
        .collectList()
        .flatMap(
            users -> {
              long begin = System.nanoTime();
              return Flux.fromIterable(users)
                  .flatMap(
                      user -> {
                        long t0 = System.nanoTime();
                        return new Enrollment(http, enrollment)
                            .enroll(user, password, 1)
                            .flatMap(
                                enrolled ->
                                    new LandmarkDirectoryClient(http, landmarks)
                                        .fetch()
                                        .flatMap(
                                            set ->
                                                CoordinateMeasurement.measure(
                                                    set,
                                                    new RttProber(
                                                        3,
                                                        Duration.ofSeconds(1),
                                                        Duration.ofMillis(5))))
                                        .flatMap(
                                            measured ->
                                                new ConferenceJoin(
                                                        new RegistryClient(http, registry),
                                                        new RttProber(
                                                            3,
                                                            Duration.ofMillis(500),
                                                            Duration.ofMillis(5)),
                                                        3)
                                                    .join(
                                                        conference,
                                                        measured.coordinate(),
                                                        enrolled.configuration().root())))
                            .doOnNext(joined -> latencies.add(System.nanoTime() - t0))
                            .then()
                            .onErrorResume(
                                error -> {
                                  errors.incrementAndGet();
                                  synchronized (failures) {
                                    if (failures.size() < 3) {
                                      failures.add(error.toString());
                                    }
                                  }
                                  return Mono.empty();
                                });
                      },
                      clients)
                  .then(
                      Mono.fromCallable(
                          () -> {
                            failures.forEach(f -> System.err.println("client failed: " + f));
                            return LoadReport.of(
                                "enroll-to-joined",
                                clients,
                                Duration.ofNanos(System.nanoTime() - begin),
                                Latencies.merge(List.of(latencies)),
                                errors.get());
                          }));
            });
  }
}
