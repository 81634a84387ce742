package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The registry over real HTTP and real Redis, with certificates and CRLs made by the overlay CA's
 * own code: every access-control outcome, the store rules, concurrency, expiry, tombstones, Stat,
 * the closest-focus query and the change stream.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.registry.trust.refresh=300ms",
      "p2psip.registry.max-entries-per-kind=200",
      "p2psip.registry.change-sweep=300ms",
      "p2psip.registry.max-lifetime=2h"
    })
class RegistryIT extends RedisBackedTest {

  static final OverlayPki PKI;
  static final Path TRUST;

  static {
    try {
      PKI = new OverlayPki("Overlay Test CA");
      TRUST = Files.createTempDirectory("registry-trust");
      PKI.writeCaPem(TRUST.resolve("ca.pem"));
      PKI.writeCrl(TRUST.resolve("ca.crl"));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void trust(DynamicPropertyRegistry registry) {
    registry.add("p2psip.registry.trust.ca-certificate", () -> "file:" + TRUST.resolve("ca.pem"));
    registry.add("p2psip.registry.trust.crl", () -> "file:" + TRUST.resolve("ca.crl"));
  }

  @LocalServerPort int port;

  static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());

  /** Strictly increasing storage times, as one writer's clock gives them. */
  static long now() {
    return CLOCK.incrementAndGet();
  }

  WebClient http() {
    return WebClient.builder()
        .baseUrl("http://127.0.0.1:" + port)
        .codecs(c -> c.defaultCodecs().maxInMemorySize(4 << 20))
        .build();
  }

  static String conference() {
    return "conf-" + UUID.randomUUID() + "@example.org";
  }

  static byte[] focus(String uri, double... coordinate) {
    return new DisCoRegistration.FocusUri(Coordinate.of(coordinate), uri).encode();
  }

  /** Status and body of a Store. */
  record Answer(int status, JsonNode body) {}

  Answer store(String resource, ApiTypes.StoreRequest request) {
    return http()
        .post()
        .uri("/v1/resources/{r}/store", resource)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request)
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(JsonNode.class)
                    .map(body -> new Answer(response.statusCode().value(), body)))
        .block(Duration.ofSeconds(30));
  }

  Answer storeRaw(String resource, String json) {
    return http()
        .post()
        .uri("/v1/resources/{r}/store", resource)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(JsonNode.class)
                    .map(body -> new Answer(response.statusCode().value(), body)))
        .block(Duration.ofSeconds(30));
  }

  static ApiTypes.StoreRequest request(Kind kind, long generation, ApiTypes.Entry... entries) {
    return new ApiTypes.StoreRequest(
        List.of(
            new ApiTypes.KindStore(
                kind == Kind.DISCO_REGISTRATION ? "disco" : "sip-registration",
                generation,
                List.of(entries))));
  }

  ApiTypes.FetchResponse fetch(String resource) {
    return http()
        .get()
        .uri("/v1/resources/{r}/kinds/disco", resource)
        .retrieve()
        .bodyToMono(ApiTypes.FetchResponse.class)
        .block(Duration.ofSeconds(10));
  }

  static void assertRefused(Answer answer, int status, int reloadError) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.body().get("reloadError").asInt()).isEqualTo(reloadError);
    assertThat(answer.body().get("detail").asString()).isNotBlank();
  }

  @Test
  void aSignedEntryIsStoredFetchedAndItsSignatureVerifiesForTheReader() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    Answer stored =
        store(
            "sip:" + uri,
            request(
                Kind.DISCO_REGISTRATION,
                0,
                signer.entry(
                    uri,
                    Kind.DISCO_REGISTRATION,
                    signer.nodeId(),
                    focus("sip:focus1@192.0.2.1", 10, 20),
                    now(),
                    600)));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    assertThat(stored.body().get("kinds").get(0).get("generation").asLong()).isEqualTo(1);
    assertThat(stored.body().get("resourceId").asString()).isEqualTo(ResourceIds.of(uri).hex());

    // by URI or by Resource-ID, the same dictionary
    ApiTypes.FetchResponse fetched = fetch(ResourceIds.of(uri).hex());
    assertThat(fetched.generation()).isEqualTo(1);
    assertThat(fetched.entries()).hasSize(1);
    ApiTypes.Entry entry = fetched.entries().get(0);
    assertThat(entry.key()).isEqualTo(signer.nodeId().hex());
    assertThat(entry.lifetime()).isBetween(590L, 600L);
    assertThat(
            EntrySignatures.verify(
                signer.certificate().getPublicKey(),
                SignatureInput.of(
                    ResourceIds.of(uri),
                    Kind.DISCO_REGISTRATION.id(),
                    entry.storageTime(),
                    DictionaryEntry.of(
                        signer.nodeId(), Octets.of(Base64.getDecoder().decode(entry.value()))),
                    Base64.getDecoder().decode(entry.certificate())),
                Base64.getDecoder().decode(entry.signature())))
        .isTrue();

    // the generation shortcut and the ETag
    ApiTypes.FetchResponse same =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco?generation=1", uri)
            .retrieve()
            .bodyToMono(ApiTypes.FetchResponse.class)
            .block();
    assertThat(same.unchanged()).isTrue();
    assertThat(same.entries()).isEmpty();
    int notModified =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco", uri)
            .header("If-None-Match", "\"1\"")
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
            .block();
    assertThat(notModified).isEqualTo(304);

    // a requested key that is not there answers exists=false
    ApiTypes.FetchResponse absent =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco?key={k}", uri, Id128.random().hex())
            .retrieve()
            .bodyToMono(ApiTypes.FetchResponse.class)
            .block();
    assertThat(absent.entries()).singleElement().satisfies(e -> assertThat(e.exists()).isFalse());
  }

  @Test
  void everyAccessControlRefusalIsForbiddenAndStoresNothing() throws Exception {
    String uri = conference();
    Id128 key = Id128.random();
    byte[] value = focus("sip:f@192.0.2.1", 1, 2);
    List<ApiTypes.Entry> refused = new ArrayList<>();

    // wrong user name: a certificate for another conference
    OverlayPki.Signer other = PKI.signer(conference());
    refused.add(other.entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60));

    // self-signed: a "CA" of one certificate, its own issuer
    OverlayPki selfSigned = new OverlayPki("Overlay Test CA");
    OverlayPki.Signer self = selfSigned.signer(uri);
    refused.add(self.entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60));

    // expired: issued a year ago for a day
    OverlayPki.Signer expired =
        PKI.signer(
            uri, OverlayPki.at(Instant.now().minus(Duration.ofDays(365))), Duration.ofDays(1));
    refused.add(expired.entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60));

    // issued by another CA (a different key behind a different name)
    OverlayPki.Signer foreign = new OverlayPki("Some Other CA").signer(uri);
    refused.add(foreign.entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60));

    // signature tampered
    OverlayPki.Signer good = PKI.signer(uri);
    ApiTypes.Entry signed = good.entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60);
    byte[] signature = Base64.getDecoder().decode(signed.signature());
    signature[signature.length - 1] ^= 1;
    refused.add(
        new ApiTypes.Entry(
            signed.key(),
            signed.exists(),
            signed.value(),
            signed.storageTime(),
            signed.lifetime(),
            Base64.getEncoder().encodeToString(signature),
            signed.certificate()));

    // value changed after signing
    refused.add(
        new ApiTypes.Entry(
            signed.key(),
            signed.exists(),
            Base64.getEncoder().encodeToString(focus("sip:evil@203.0.113.9", 1, 2)),
            signed.storageTime(),
            signed.lifetime(),
            signed.signature(),
            signed.certificate()));

    // certificate swapped: signed by one valid key, another valid certificate attached
    OverlayPki.Signer second = PKI.signer(uri);
    refused.add(
        new ApiTypes.Entry(
            signed.key(),
            signed.exists(),
            signed.value(),
            signed.storageTime(),
            signed.lifetime(),
            signed.signature(),
            Base64.getEncoder().encodeToString(second.certificate().getEncoded())));

    // issued by the overlay CA itself, but for a name outside the user-name grammar that hashes to
    // this Resource-ID all the same (the scheme is dropped before hashing): names nobody
    for (String alias : List.of("sip:" + uri, "SIP:" + uri, "Sip:" + uri)) {
      refused.add(aliasSigner(alias).entry(uri, Kind.DISCO_REGISTRATION, key, value, now(), 60));
    }

    // garbage instead of a certificate
    refused.add(
        new ApiTypes.Entry(
            signed.key(),
            signed.exists(),
            signed.value(),
            signed.storageTime(),
            signed.lifetime(),
            signed.signature(),
            Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})));

    for (ApiTypes.Entry entry : refused) {
      assertRefused(store(uri, request(Kind.DISCO_REGISTRATION, 0, entry)), 403, 2);
    }
    assertThat(fetch(uri).entries()).isEmpty();
    assertThat(fetch(uri).generation()).isZero();
    assertThat(http().get().uri("/actuator/prometheus").retrieve().bodyToMono(String.class).block())
        .contains("p2psip_registry_stores_total{outcome=\"Error_Forbidden\"}");
    // and the good one passes
    assertThat(store(uri, request(Kind.DISCO_REGISTRATION, 0, signed)).status()).isEqualTo(200);
  }

  /** A certificate from the overlay CA's own key for a user name the CA would never certify. */
  static OverlayPki.Signer aliasSigner(String userName) throws Exception {
    Id128 nodeId = Id128.random();
    TestPki.Issued issued = PKI.root.client(userName, nodeId.hex(), OverlayPki.OVERLAY);
    return new OverlayPki.Signer(issued.keys(), issued.certificate(), nodeId);
  }

  @Test
  void aRevokedCertificateIsRefusedOnceTheCrlIsRead() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    byte[] value = focus("sip:f@192.0.2.1", 1, 2);
    assertThat(
            store(
                    uri,
                    request(
                        Kind.DISCO_REGISTRATION,
                        0,
                        signer.entry(
                            uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, now(), 60)))
                .status())
        .isEqualTo(200);
    synchronized (PKI) {
      PKI.revoke(signer.certificate());
      PKI.writeCrl(TRUST.resolve("ca.crl"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertRefused(
                    store(
                        uri,
                        request(
                            Kind.DISCO_REGISTRATION,
                            0,
                            signer.entry(
                                uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, now(), 60))),
                    403,
                    2));
  }

  @Test
  void olderStorageTimesAndStaleGenerationsAreRefusedWithTheCurrentGeneration() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    byte[] value = focus("sip:f@192.0.2.1", 1, 2);
    long first = now();
    long later = now();
    assertThat(
            store(
                    uri,
                    request(
                        Kind.DISCO_REGISTRATION,
                        0,
                        signer.entry(
                            uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, later, 60)))
                .status())
        .isEqualTo(200);
    // replay of an older storage_time (a captured earlier write)
    Answer old =
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                0,
                signer.entry(uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, first, 60)));
    assertRefused(old, 409, 9);
    // a stale generation: refused, and the current one is returned
    Answer stale =
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                7,
                signer.entry(uri, Kind.DISCO_REGISTRATION, Id128.random(), value, now(), 60)));
    assertRefused(stale, 409, 5);
    assertThat(stale.body().get("generation").asLong()).isEqualTo(1);
    // the right generation passes and raises it
    Answer right =
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                1,
                signer.entry(uri, Kind.DISCO_REGISTRATION, Id128.random(), value, now(), 60)));
    assertThat(right.body().get("kinds").get(0).get("generation").asLong()).isEqualTo(2);
    assertThat(fetch(uri).entries()).hasSize(2);
  }

  @Test
  void aTombstoneHidesTheFocusAndBlocksOlderWritesUntilItExpires() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    byte[] value = focus("sip:f@192.0.2.1", 1, 2);
    long created = now();
    long beforeDelete = now();
    long deleted = now();
    store(
        uri,
        request(
            Kind.DISCO_REGISTRATION,
            0,
            signer.entry(uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, created, 600)));
    assertThat(
            store(
                    uri,
                    request(
                        Kind.DISCO_REGISTRATION,
                        0,
                        signer.entry(
                            uri, Kind.DISCO_REGISTRATION, signer.nodeId(), null, deleted, 600)))
                .status())
        .isEqualTo(200);
    // the write that was in flight before the delete cannot resurrect the focus
    assertRefused(
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                0,
                signer.entry(
                    uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, beforeDelete, 600))),
        409,
        9);
    ApiTypes.FetchResponse fetched = fetch(uri);
    assertThat(fetched.entries()).singleElement().satisfies(e -> assertThat(e.exists()).isFalse());
    ApiTypes.ClosestResponse closest =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco/closest?coordinate=1,2", uri)
            .retrieve()
            .bodyToMono(ApiTypes.ClosestResponse.class)
            .block();
    assertThat(closest.foci()).isEmpty();
  }

  @Test
  void expiredEntriesAreNeverReturned() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    store(
        uri,
        request(
            Kind.DISCO_REGISTRATION,
            0,
            signer.entry(
                uri,
                Kind.DISCO_REGISTRATION,
                signer.nodeId(),
                focus("sip:a@192.0.2.1", 1),
                now(),
                1),
            signer.entry(
                uri,
                Kind.DISCO_REGISTRATION,
                Id128.random(),
                focus("sip:b@192.0.2.2", 2),
                now(),
                600)));
    assertThat(fetch(uri).entries()).hasSize(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> fetch(uri).entries().size() == 1);
    assertThat(fetch(uri).entries().get(0).value())
        .isEqualTo(Base64.getEncoder().encodeToString(focus("sip:b@192.0.2.2", 2)));
  }

  @Test
  void statShowsBothKindsAndAMixedStoreIsAllOrNothing() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    ApiTypes.StatResponse free =
        http()
            .get()
            .uri("/v1/resources/{r}/stat", uri)
            .retrieve()
            .bodyToMono(ApiTypes.StatResponse.class)
            .block();
    assertThat(free.available()).isTrue();
    assertThat(free.kinds())
        .extracting(ApiTypes.KindStat::kind)
        .containsExactlyInAnyOrder("disco", "sip-registration");

    byte[] contact = "sip:conference@192.0.2.1".getBytes();
    ApiTypes.Entry disco =
        signer.entry(
            uri, Kind.DISCO_REGISTRATION, signer.nodeId(), focus("sip:f@192.0.2.1", 1), now(), 600);
    // SIP-REGISTRATION is USER-NODE-MATCH: a key that is not the signer's Node-ID fails...
    ApiTypes.Entry wrongNode =
        signer.entry(uri, Kind.SIP_REGISTRATION, Id128.random(), contact, now(), 600);
    Answer mixed =
        store(
            uri,
            new ApiTypes.StoreRequest(
                List.of(
                    new ApiTypes.KindStore("disco", 0L, List.of(disco)),
                    new ApiTypes.KindStore("sip-registration", 0L, List.of(wrongNode)))));
    assertRefused(mixed, 403, 2);
    // ...and takes the DISCO entry of the same request down with it
    assertThat(fetch(uri).entries()).isEmpty();

    ApiTypes.Entry rightNode =
        signer.entry(uri, Kind.SIP_REGISTRATION, signer.nodeId(), contact, now(), 600);
    Answer both =
        store(
            uri,
            new ApiTypes.StoreRequest(
                List.of(
                    new ApiTypes.KindStore("disco", 0L, List.of(disco)),
                    new ApiTypes.KindStore("sip-registration", 0L, List.of(rightNode)))));
    assertThat(both.status()).as(both.body().toString()).isEqualTo(200);
    ApiTypes.StatResponse taken =
        http()
            .get()
            .uri("/v1/resources/{r}/stat", uri)
            .retrieve()
            .bodyToMono(ApiTypes.StatResponse.class)
            .block();
    assertThat(taken.available()).isFalse();
    assertThat(taken.kinds())
        .allSatisfy(
            kind -> {
              assertThat(kind.exists()).isTrue();
              assertThat(kind.generation()).isEqualTo(1);
              assertThat(kind.entries())
                  .singleElement()
                  .satisfies(meta -> assertThat(meta.valueLength()).isPositive());
            });
  }

  @Test
  void aHundredConcurrentWritersLoseNoUpdateAndGenerationsStrictlyIncrease() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    List<ApiTypes.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(
          signer.entry(
              uri,
              Kind.DISCO_REGISTRATION,
              Id128.random(),
              focus("sip:f" + i + "@192.0.2.1", i),
              now(),
              600));
    }
    List<Long> generations =
        Flux.fromIterable(entries)
            .flatMap(
                entry ->
                    http()
                        .post()
                        .uri("/v1/resources/{r}/store", uri)
                        .bodyValue(request(Kind.DISCO_REGISTRATION, 0, entry))
                        .retrieve()
                        .bodyToMono(ApiTypes.StoreResponse.class)
                        .map(r -> r.kinds().get(0).generation()),
                100)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(generations).hasSize(100).doesNotHaveDuplicates();
    assertThat(generations.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(100);
    assertThat(fetch(uri).entries()).hasSize(100);

    // optimistic writers: read the generation, store with it, retry on 409: none is lost
    List<Long> conditional =
        Flux.range(0, 100)
            .flatMap(
                i -> {
                  ApiTypes.Entry entry;
                  try {
                    entry =
                        signer.entry(
                            uri,
                            Kind.DISCO_REGISTRATION,
                            Id128.random(),
                            focus("sip:c" + i + "@192.0.2.1", i),
                            now(),
                            600);
                  } catch (Exception e) {
                    return Mono.error(e);
                  }
                  return Mono.defer(
                          () ->
                              http()
                                  .get()
                                  .uri("/v1/resources/{r}/kinds/disco?key={k}", uri, entry.key())
                                  .retrieve()
                                  .bodyToMono(ApiTypes.FetchResponse.class)
                                  .flatMap(
                                      current ->
                                          http()
                                              .post()
                                              .uri("/v1/resources/{r}/store", uri)
                                              .bodyValue(
                                                  request(
                                                      Kind.DISCO_REGISTRATION,
                                                      current.generation(),
                                                      entry))
                                              .retrieve()
                                              .bodyToMono(ApiTypes.StoreResponse.class)))
                      .retry(1000)
                      .map(r -> r.kinds().get(0).generation());
                },
                100)
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(conditional).hasSize(100).doesNotHaveDuplicates().allMatch(g -> g > 100 && g <= 200);
    assertThat(fetch(uri).entries()).hasSize(200);
    assertThat(fetch(uri).generation()).isEqualTo(200);
  }

  @Test
  void theClosestFociComeFirst() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    Id128 near = Id128.random();
    Id128 middle = Id128.random();
    Id128 far = Id128.random();
    store(
        uri,
        request(
            Kind.DISCO_REGISTRATION,
            0,
            signer.entry(
                uri,
                Kind.DISCO_REGISTRATION,
                far,
                focus("sip:far@192.0.2.3", 100, 100),
                now(),
                600),
            signer.entry(
                uri, Kind.DISCO_REGISTRATION, near, focus("sip:near@192.0.2.1", 1, 1), now(), 600),
            signer.entry(
                uri,
                Kind.DISCO_REGISTRATION,
                middle,
                focus("sip:mid@192.0.2.2", 10, 10),
                now(),
                600)));
    String coordinate =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Coordinate.of(0, 0).encode());
    ApiTypes.ClosestResponse closest =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco/closest?coordinate={c}&k=2", uri, coordinate)
            .retrieve()
            .bodyToMono(ApiTypes.ClosestResponse.class)
            .block();
    assertThat(closest.foci())
        .extracting(ApiTypes.RankedFocus::key)
        .containsExactly(near.hex(), middle.hex());
    assertThat(closest.foci().get(0).registration().uri()).isEqualTo("sip:near@192.0.2.1");
    assertThat(closest.foci().get(0).predictedRttMillis())
        .isCloseTo(Math.sqrt(2), Offset.offset(1e-9));
  }

  @Test
  void theChangeStreamReportsPresentAddedAndRemovedFoci() throws Exception {
    String uri = conference();
    OverlayPki.Signer signer = PKI.signer(uri);
    Id128 first = Id128.random();
    Id128 second = Id128.random();
    store(
        uri,
        request(
            Kind.DISCO_REGISTRATION,
            0,
            signer.entry(
                uri, Kind.DISCO_REGISTRATION, first, focus("sip:a@192.0.2.1", 1), now(), 600)));
    List<ServerSentEvent<ApiTypes.Change>> seen = Collections.synchronizedList(new ArrayList<>());
    var subscription =
        http()
            .get()
            .uri("/v1/resources/{r}/kinds/disco/changes", uri)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<ApiTypes.Change>>() {})
            .filter(event -> event.event() != null)
            .subscribe(seen::add);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.stream().anyMatch(e -> "ready".equals(e.event())));
      assertThat(seen.get(0).event()).isEqualTo("present");
      assertThat(seen.get(0).data().key()).isEqualTo(first.hex());

      store(
          uri,
          request(
              Kind.DISCO_REGISTRATION,
              0,
              signer.entry(
                  uri, Kind.DISCO_REGISTRATION, second, focus("sip:b@192.0.2.2", 2), now(), 600)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.stream().anyMatch(e -> "added".equals(e.event())));
      store(
          uri,
          request(
              Kind.DISCO_REGISTRATION,
              0,
              signer.entry(uri, Kind.DISCO_REGISTRATION, first, null, now(), 600)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.stream().anyMatch(e -> "removed".equals(e.event())));
      assertThat(
              seen.stream()
                  .filter(e -> "removed".equals(e.event()))
                  .findFirst()
                  .orElseThrow()
                  .data()
                  .key())
          .isEqualTo(first.hex());
      assertThat(
              seen.stream()
                  .filter(e -> "added".equals(e.event()))
                  .findFirst()
                  .orElseThrow()
                  .data()
                  .entry()
                  .key())
          .isEqualTo(second.hex());
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void badRequestsGetProblemsWithReloadErrorCodes() throws Exception {
    String uri = conference();
    assertRefused(storeRaw(uri, "{not json"), 400, 20);
    assertRefused(storeRaw(uri, "{\"kinds\":[]}"), 400, 20);
    assertRefused(storeRaw(uri, "{\"kinds\":[{\"kind\":\"presence\",\"entries\":[]}]}"), 400, 12);
    assertRefused(
        storeRaw(
            uri,
            "{\"kinds\":[{\"kind\":\"disco\",\"entries\":[{\"key\":\"zz\",\"exists\":true,\"value\":\"\",\"storageTime\":1,\"lifetime\":1,\"signature\":\"\",\"certificate\":\"\"}]}]}"),
        400,
        20);
    // a value that is not a DisCoRegistration
    OverlayPki.Signer signer = PKI.signer(uri);
    assertRefused(
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                0,
                signer.entry(
                    uri,
                    Kind.DISCO_REGISTRATION,
                    signer.nodeId(),
                    new byte[] {9, 9, 9},
                    now(),
                    60))),
        400,
        20);
    // a value over the limit
    assertRefused(
        store(
            uri,
            request(
                Kind.DISCO_REGISTRATION,
                0,
                signer.entry(
                    uri,
                    Kind.DISCO_REGISTRATION,
                    signer.nodeId(),
                    focus("sip:" + "x".repeat(5000) + "@h", 1),
                    now(),
                    60))),
        413,
        8);
    // a body over the codec limit
    String huge =
        "{\"kinds\":[{\"kind\":\"disco\",\"entries\":[],\"pad\":\"" + "x".repeat(600_000) + "\"}]}";
    assertThat(storeRaw(uri, huge).status()).isEqualTo(413);
    assertThat(fetch(uri).entries()).isEmpty();
    // the service is still well
    assertThat(
            http()
                .get()
                .uri("/actuator/health")
                .retrieve()
                .bodyToMono(Map.class)
                .block()
                .get("status"))
        .isEqualTo("UP");
  }

  @Test
  void theOpenApiDescriptionIsServed() {
    String description =
        http().get().uri("/openapi.yaml").retrieve().bodyToMono(String.class).block();
    assertThat(description).contains("openapi: 3").contains("/v1/resources/{resource}/store");
  }
}
