package org.p2psip.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psip.client.profile.KeyFiles;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP load on the DisCo registry over real sockets (Reactor Netty, keep-alive connections): Fetch
 * of a populated dictionary, and signed Stores (each one checked by the registry: certificate
 * chain, validity, CRL, signature, USER-MATCH).
 */
public final class RegistryLoad {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final String conference;
  private final EntrySigner signer;

  public RegistryLoad(String baseUrl, int connections, String conference, Path key, Path cert)
      throws Exception {
    this.http =
        HttpClient.create(
                ConnectionProvider.builder("registry-load").maxConnections(connections).build())
            .baseUrl(baseUrl);
    this.conference = ResourceIds.withoutSipScheme(conference);
    this.signer = new EntrySigner(KeyFiles.readPrivateKey(key), KeyFiles.readCertificate(cert));
  }

  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

  private String storeBody(Id128 key, int index) {
    byte[] value =
        new DisCoRegistration.FocusUri(
                Coordinate.of(index, -index, index / 2.0), "sip:focus" + index + "@192.0.2.1")
            .encode();
    RegistryEntry entry =
        signer.sign(
            ResourceIds.of(conference),
            Kind.DISCO_REGISTRATION,
            key,
            value,
            clock.incrementAndGet(),
            3600);
    return JSON.writeValueAsString(
        Map.of(
            "kinds", List.of(Map.of("kind", "disco", "generation", 0, "entries", List.of(entry)))));
  }

  private Mono<Integer> post(String body) {
    return http.headers(h -> h.set("Content-Type", "application/json"))
        .post()
        .uri("/v1/resources/" + conference + "/store")
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())));
  }

  /** Stores {@code entries} entries under random keys (the dictionary the fetch load reads). */
  public Mono<Void> populate(int entries) {
    return Flux.range(0, entries)
        .concatMap(i -> post(storeBody(Id128.random(), i)))
        .filter(status -> status != 200)
        .collectList()
        .flatMap(
            failed ->
                failed.isEmpty()
                    ? Mono.<Void>empty()
                    : Mono.error(new IllegalStateException("populating failed: " + failed)));
  }

  /** Closed-loop Fetches of the whole dictionary. */
  public Mono<LoadReport> fetches(int connections, Duration warmup, Duration measure) {
    return closedLoop(
        "fetch",
        connections,
        warmup,
        measure,
        (flow, i) ->
            http.get()
                .uri("/v1/resources/" + conference + "/kinds/disco")
                .responseSingle(
                    (response, content) -> content.then(Mono.just(response.status().code()))));
  }

  /** Closed-loop signed Stores, each flow rewriting its own entry with a later storage time. */
  public Mono<LoadReport> stores(int connections, Duration warmup, Duration measure) {
    List<Id128> keys = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      keys.add(Id128.random());
    }
    return closedLoop(
        "store",
        connections,
        warmup,
        measure,
        (flow, i) -> Mono.defer(() -> post(storeBody(keys.get(flow), i))));
  }

  interface Request {
    Mono<Integer> send(int flow, int index);
  }

  private Mono<LoadReport> closedLoop(
      String scenario, int connections, Duration warmup, Duration measure, Request request) {
    long measureFrom = System.nanoTime() + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    AtomicLong errors = new AtomicLong();
    List<Latencies> all = new ArrayList<>();
    return Flux.range(0, connections)
        .flatMap(
            flow -> {
              Latencies own = new Latencies();
              synchronized (all) {
                all.add(own);
              }
              AtomicLong index = new AtomicLong();
              return Mono.defer(
                      () -> {
                        long started = System.nanoTime();
                        return request
                            .send(flow, (int) index.incrementAndGet())
                            .onErrorReturn(-1)
                            .doOnNext(
                                status -> {
                                  if (started >= measureFrom) {
                                    if (status == 200) {
                                      own.add(System.nanoTime() - started);
                                    } else {
                                      errors.incrementAndGet();
                                    }
                                  }
                                });
                      })
                  .repeat(() -> System.nanoTime() < end)
                  .then();
            },
            connections)
        .then(
            Mono.fromCallable(
                () ->
                    LoadReport.of(
                        scenario, connections, measure, Latencies.merge(all), errors.get())));
  }
}
