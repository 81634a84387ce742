package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.ca.CrlIssuer;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.RevocationAnnouncements;
import org.p2psip.enrollment.ca.SignedCrls;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Revocation takes effect in seconds: the CRL is signed once and served from memory until a
 * revocation, numbered from a shared counter; a revocation at one replica drops every replica's
 * cached CRL and reaches the followers of {@code /v1/revocations} at once. Real HTTP, real Redis (a
 * second replica is the same classes on the same Redis).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.enrollment.overlay-name=revocation.test",
      "p2psip.enrollment.operator-token=" + PlainClient.OPERATOR_TOKEN,
      "p2psip.enrollment.accounts.verifier-iterations=1000"
    })
class RevocationIT extends RedisBackedTest {

  static final String PASSWORD = "the right password";
  final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired ReactiveStringRedisTemplate redis;
  @Autowired CrlIssuer issuer;
  PlainClient client;

  @DynamicPropertySource
  static void developmentCa(DynamicPropertyRegistry registry) throws Exception {
    var directory = Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", directory::toString);
  }

  @BeforeEach
  void client() {
    client = new PlainClient(port);
  }

  X509Certificate enrolled() throws Exception {
    String user = "user" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(user, PASSWORD).statusCode()).isEqualTo(201);
    return PlainClient.certificate(client.enroll(user, PASSWORD, Map.of()));
  }

  void revoke(X509Certificate certificate) throws Exception {
    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/v1/certificates/"
                            + certificate.getSerialNumber().toString(16)
                            + "/revoke"))
                .header("Authorization", "Bearer " + PlainClient.OPERATOR_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
  }

  HttpResponse<byte[]> crlResponse() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crl")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static X509CRL parse(byte[] der) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  static BigInteger number(X509CRL crl) {
    byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).getValue();
  }

  @Test
  void theCrlIsServedFromMemoryUntilARevocationAndThenNumberedHigher() throws Exception {
    X509Certificate certificate = enrolled();
    HttpResponse<byte[]> first = crlResponse();
    HttpResponse<byte[]> second = crlResponse();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.body())
        .as("the same signed CRL, not a new signature")
        .isEqualTo(first.body());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> unchanged =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crl"))
                .header("If-None-Match", etag)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(unchanged.statusCode()).isEqualTo(304);

    revoke(certificate);
    X509CRL after = parse(crlResponse().body());
    assertThat(after.isRevoked(certificate)).isTrue();
    assertThat(number(after)).isGreaterThan(number(parse(first.body())));
  }

  @Test
  void aRevocationAtOneReplicaDropsTheOthersCachedCrlAndReachesTheFollowersAtOnce()
      throws Exception {
    // another replica: the same classes on the same Redis
    SignedCrls otherCrls =
        new SignedCrls(new CertificateRegistry(redis), issuer, redis, Clock.systemUTC());
    RevocationAnnouncements other = new RevocationAnnouncements(redis, otherCrls);
    other.start();
    List<ServerSentEvent<String>> followed = new CopyOnWriteArrayList<>();
    Disposable following =
        WebClient.create("http://127.0.0.1:" + port)
            .get()
            .uri("/v1/revocations")
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .subscribe(followed::add);
    try {
      X509Certificate certificate = enrolled();
      await().atMost(Duration.ofSeconds(10)).until(() -> !followed.isEmpty());
      assertThat(followed.get(0).event()).isEqualTo("ready");
      // let the other replica cache a CRL without the revocation
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> other.isRunning() && otherCrls.current().block() != null);
      assertThat(otherCrls.current().block().crl().isRevoked(certificate)).isFalse();

      revoke(certificate);

      String serial = certificate.getSerialNumber().toString(16);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(followed)
                      .anySatisfy(
                          event -> {
                            assertThat(event.event()).isEqualTo("revoked");
                            assertThat(event.id()).isEqualTo(serial);
                            assertThat(event.data()).contains(serial);
                          }));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(otherCrls.current().block().crl().isRevoked(certificate)).isTrue());
    } finally {
      following.dispose();
      other.stop();
    }
  }

  @Test
  void crlNumbersNeverRepeatAcrossReplicasSigningAtOnce() {
    List<SignedCrls> replicas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replicas.add(
          new SignedCrls(new CertificateRegistry(redis), issuer, redis, Clock.systemUTC()));
    }
    List<BigInteger> numbers =
        Flux.range(0, 100)
            .flatMap(
                i -> {
                  SignedCrls replica = replicas.get(i % replicas.size());
                  replica.invalidate();
                  return replica.current().map(SignedCrls.Signed::number);
                },
                16)
            .collectList()
            .block(Duration.ofSeconds(60));
    Set<BigInteger> distinctPerSigning = new HashSet<>(numbers);
    // requests that shared one signing share its number; two signings never do
    assertThat(distinctPerSigning.size()).isGreaterThan(replicas.size());
    for (SignedCrls replica : replicas) {
      replica.invalidate();
    }
    BigInteger before = replicas.get(0).current().block().number();
    BigInteger after = replicas.get(1).current().block().number();
    assertThat(after).isGreaterThan(before);
  }
}
