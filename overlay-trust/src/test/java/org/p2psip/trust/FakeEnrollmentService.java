package org.p2psip.trust;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psip.testsupport.TestPki;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The trust endpoints of the enrollment service over real HTTP: {@code /v1/ca}, {@code /crl} (a
 * real CRL signed by the test CA, listing {@link #crlSerials}) and {@code /v1/revocations} (server
 * sent events pushed by the test).
 */
final class FakeEnrollmentService implements AutoCloseable {

  final TestPki pki;
  final Set<BigInteger> crlSerials = new CopyOnWriteArraySet<>();
  final AtomicInteger crlReads = new AtomicInteger();
  final AtomicInteger streams = new AtomicInteger();
  private volatile Sinks.Many<String> events = Sinks.many().multicast().onBackpressureBuffer();
  final DisposableServer server;

  FakeEnrollmentService(TestPki pki) {
    this.pki = pki;
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .get(
                            "/v1/ca",
                            (request, response) ->
                                response.sendByteArray(Mono.fromCallable(this::caDer)))
                        .get(
                            "/crl",
                            (request, response) -> {
                              crlReads.incrementAndGet();
                              return response
                                  .header("Content-Type", "application/pkix-crl")
                                  .sendByteArray(Mono.fromCallable(() -> crl().getEncoded()));
                            })
                        .get(
                            "/v1/revocations",
                            (request, response) -> {
                              streams.incrementAndGet();
                              return response
                                  .header("Content-Type", "text/event-stream")
                                  .sendString(
                                      Flux.concat(
                                          Mono.just("event: ready\ndata: {}\n\n"), events.asFlux()))
                                  .then();
                            }))
            .bindNow();
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  byte[] caDer() throws Exception {
    return pki.ca.certificate().getEncoded();
  }

  /** Announces {@code serial} on every open stream. */
  void announce(BigInteger serial) {
    events.tryEmitNext(
        "event: revoked\nid: "
            + serial.toString(16)
            + "\ndata: {\"serial\":\""
            + serial.toString(16)
            + "\"}\n\n");
  }

  /** Ends every open stream (as a replica that stops would). */
  void endStreams() {
    Sinks.Many<String> ending = events;
    events = Sinks.many().multicast().onBackpressureBuffer();
    ending.tryEmitComplete();
  }

  X509CRL crl() throws Exception {
    return pki.crl(crlSerials);
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
