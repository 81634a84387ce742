package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A revocation the enrollment service announces takes effect at the registry at once, long before
 * its CRL refresh (an hour here): the next write signed with the revoked certificate is refused.
 * The enrollment service's trust endpoints are served over real HTTP with a real CA and CRL.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "p2psip.registry.trust.refresh=1h")
class AnnouncedRevocationIT extends RedisBackedTest {

  static final OverlayPki PKI = OverlayPki.withTrustFiles("Overlay Test CA");
  static final Sinks.Many<String> ANNOUNCEMENTS = Sinks.many().multicast().onBackpressureBuffer();
  static final AtomicInteger CRL_READS = new AtomicInteger();
  static final DisposableServer ENROLLMENT =
      HttpServer.create()
          .host("127.0.0.1")
          .port(0)
          .route(
              routes ->
                  routes
                      .get(
                          "/v1/ca",
                          (request, response) ->
                              response.sendByteArray(
                                  Mono.fromCallable(() -> PKI.root.ca.certificate().getEncoded())))
                      .get(
                          "/crl",
                          (request, response) -> {
                            CRL_READS.incrementAndGet();
                            // the CRL lags: it never lists what was only announced
                            return response.sendByteArray(
                                Mono.fromCallable(() -> PKI.root.crl(List.of()).getEncoded()));
                          })
                      .get(
                          "/v1/revocations",
                          (request, response) ->
                              response
                                  .header("Content-Type", "text/event-stream")
                                  .sendString(
                                      Flux.concat(
                                          Mono.just("event: ready\ndata: {}\n\n"),
                                          ANNOUNCEMENTS.asFlux()))
                                  .then()))
          .bindNow();

  @DynamicPropertySource
  static void trust(DynamicPropertyRegistry registry) {
    registry.add(
        "p2psip.registry.trust.enrollment-url", () -> "http://127.0.0.1:" + ENROLLMENT.port());
  }

  @AfterAll
  static void stopEnrollment() {
    ENROLLMENT.disposeNow();
  }

  @LocalServerPort int port;

  int store(String uri, ApiTypes.Entry entry) {
    return WebClient.create("http://127.0.0.1:" + port)
        .post()
        .uri("/v1/resources/{r}/store", uri)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(RegistryIT.request(Kind.DISCO_REGISTRATION, 0, entry))
        .exchangeToMono(
            response ->
                response.bodyToMono(JsonNode.class).thenReturn(response.statusCode().value()))
        .block(Duration.ofSeconds(30));
  }

  @Test
  void theNextWriteWithAnAnnouncedRevokedCertificateIsRefused() throws Exception {
    String uri = "revoked-" + UUID.randomUUID() + "@example.org";
    OverlayPki.Signer signer = PKI.signer(uri);
    Id128 key = signer.nodeId();
    byte[] value = RegistryIT.focus("sip:f@192.0.2.1", 1, 2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                store(
                        uri,
                        signer.entry(
                            uri, Kind.DISCO_REGISTRATION, key, value, RegistryIT.now(), 60))
                    == 200);
    int readsBefore = CRL_READS.get();

    String serial = signer.certificate().getSerialNumber().toString(16);
    ANNOUNCEMENTS.tryEmitNext(
        "event: revoked\nid: " + serial + "\ndata: {\"serial\":\"" + serial + "\"}\n\n");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                store(
                        uri,
                        signer.entry(
                            uri, Kind.DISCO_REGISTRATION, key, value, RegistryIT.now(), 60))
                    == 403);
    assertThat(CRL_READS.get()).as("the CRL is fetched again at once").isGreaterThan(readsBefore);
    // another signer of the same conference is not affected
    OverlayPki.Signer other = PKI.signer(uri);
    assertThat(
            store(
                uri,
                other.entry(
                    uri, Kind.DISCO_REGISTRATION, other.nodeId(), value, RegistryIT.now(), 60)))
        .isEqualTo(200);
  }
}
