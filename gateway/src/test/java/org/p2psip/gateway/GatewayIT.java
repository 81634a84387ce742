package org.p2psip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.forwarding.GatewayForwarding.Forwarded;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.DisposableServer;

/**
 * The gateway over real HTTPS in front of real HTTP backends: routing of every API, the size limit
 * (413 problem), a backend that is down (502 problem, then 503 with the circuit open), a backend
 * that is too slow (504 problem), a backend's own errors passed through.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.gateway.max-request-size=1KB",
      "p2psip.gateway.backend-timeout=1s",
      "p2psip.gateway.rate-limit.replenish-rate=10000",
      "p2psip.gateway.rate-limit.burst-capacity=10000",
      "p2psip.gateway.circuit-breaker.minimum-calls=4",
      "p2psip.gateway.circuit-breaker.sliding-window-size=4",
      "p2psip.gateway.circuit-breaker.open-for=30s",
      "p2psip.gateway.forwarding-secret=" + GatewayIT.FORWARDING_SECRET,
      "server.ssl.client-auth=want"
    })
class GatewayIT extends RedisBackedTest {

  static final String FORWARDING_SECRET = "a-test-secret-shared-by-gateway-and-backends";
  static final DisposableServer ENROLLMENT = Backends.named("enrollment");
  static final DisposableServer REGISTRY = Backends.named("registry");
  static final int LANDMARKS_DOWN = Backends.closedPort();
  static HttpClient https;
  static TestPki overlayCa;
  static HttpClient withClientCertificate;
  static X509Certificate clientCertificate;

  @DynamicPropertySource
  static void backendsAndTls(DynamicPropertyRegistry registry) throws Exception {
    registry.add("p2psip.gateway.enrollment-uri", () -> "http://127.0.0.1:" + ENROLLMENT.port());
    registry.add("p2psip.gateway.registry-uri", () -> "http://127.0.0.1:" + REGISTRY.port());
    registry.add("p2psip.gateway.landmarks-uri", () -> "http://127.0.0.1:" + LANDMARKS_DOWN);
    TestPki tlsCa = new TestPki("Gateway TLS CA");
    TestPki.Issued server = tlsCa.server();
    Path tls = Files.createTempDirectory("gateway-tls");
    Path cert = TestPki.pem(tls, "server.pem", server.certificate());
    Path key = TestPki.pem(tls, "server-key.pem", server.keys());
    registry.add("spring.ssl.bundle.pem.gateway-tls.keystore.certificate", () -> "file:" + cert);
    registry.add("spring.ssl.bundle.pem.gateway-tls.keystore.private-key", () -> "file:" + key);
    registry.add("server.ssl.bundle", () -> "gateway-tls");
    // client certificates are checked against the overlay CA (another CA than the TLS one)
    overlayCa = new TestPki("Overlay CA");
    Path overlayCaPem = TestPki.pem(tls, "overlay-ca.pem", overlayCa.ca.certificate());
    registry.add(
        "spring.ssl.bundle.pem.gateway-tls.truststore.certificate", () -> "file:" + overlayCaPem);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", tlsCa.ca.certificate());
    TrustManagerFactory managers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    managers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, managers.getTrustManagers(), null);
    https =
        HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    TestPki.Issued alice =
        overlayCa.client("alice@example.org", "0123456789abcdef0123456789abcdef", "overlay.test");
    clientCertificate = alice.certificate();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "alice", alice.keys().getPrivate(), new char[0], new Certificate[] {alice.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    SSLContext mutual = SSLContext.getInstance("TLS");
    mutual.init(keyManagers.getKeyManagers(), managers.getTrustManagers(), null);
    withClientCertificate =
        HttpClient.newBuilder().sslContext(mutual).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @LocalServerPort int port;

  HttpResponse<String> get(String path) throws Exception {
    return https.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return https.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.body()).contains("\"status\":" + status).contains("\"detail\"");
  }

  @Test
  void everyApiReachesItsBackendOverHttps() throws Exception {
    assertThat(get("/.well-known/reload-config").body())
        .startsWith("enrollment GET /.well-known/reload-config");
    assertThat(post("/enroll", "x").body()).startsWith("enrollment POST /enroll bytes=1");
    assertThat(get("/crl").body()).startsWith("enrollment GET /crl");
    assertThat(get("/v1/ca").body()).startsWith("enrollment GET /v1/ca");
    assertThat(get("/v1/resources/sip:c@example.org/stat").body())
        .startsWith("registry GET /v1/resources/sip:c@example.org/stat");
    assertThat(get("/openapi.yaml").body()).startsWith("registry GET /openapi.yaml");
    assertThat(get("/v1/nothing-here").statusCode()).isEqualTo(404);
    // a client cannot hand a backend the gateway-only client certificate header
    HttpResponse<String> forged =
        https.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/ca"))
                .header("X-P2PSIP-Client-Certificate", "forged")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.body()).contains("client-cert-header=false");
  }

  @Test
  void aVerifiedClientCertificateAndTheAddressAreForwardedSignedForThatRequest() throws Exception {
    HttpResponse<String> answer =
        withClientCertificate.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/ca?x=1"))
                .header("X-P2PSIP-Client-Certificate", "forged")
                .header("X-P2PSIP-Client-Address", "203.0.113.66")
                .header("X-P2PSIP-Gateway-Signature", "t=1; n=x; v2=forged")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String[] lines = answer.body().split("\n");
    assertThat(lines[0]).contains("client-cert-header=true");
    String[] forwarded = lines[1].split(" ", 3);
    assertThat(forwarded[0])
        .as("the certificate of the handshake, not the client's header")
        .isEqualTo(Base64.getEncoder().encodeToString(clientCertificate.getEncoded()));
    assertThat(forwarded[1]).as("the TCP peer, not the client's header").isEqualTo("127.0.0.1");
    GatewayForwarding backend =
        new GatewayForwarding(FORWARDING_SECRET.getBytes(StandardCharsets.UTF_8));
    Forwarded vouched = new Forwarded(forwarded[1], forwarded[0]);
    assertThat(
            backend.verify(
                forwarded[2], "GET", "/v1/ca?x=1", vouched, Instant.now(), Duration.ofSeconds(30)))
        .isEqualTo(GatewayForwarding.Verdict.VALID);
    assertThat(
            backend.verify(
                forwarded[2], "GET", "/crl", vouched, Instant.now(), Duration.ofSeconds(30)))
        .isEqualTo(GatewayForwarding.Verdict.FORGED);
    assertThat(
            backend.verify(
                forwarded[2],
                "GET",
                "/v1/ca?x=1",
                new Forwarded("203.0.113.66", forwarded[0]),
                Instant.now(),
                Duration.ofSeconds(30)))
        .isEqualTo(GatewayForwarding.Verdict.FORGED);
  }

  @Test
  void withoutAClientCertificateTheAddressIsStillForwardedSigned() throws Exception {
    HttpResponse<String> answer =
        https.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/ca"))
                .header("X-P2PSIP-Client-Address", "203.0.113.66")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String[] forwarded = answer.body().split("\n")[1].split(" ", 3);
    assertThat(forwarded[0]).isEqualTo("null");
    assertThat(forwarded[1]).isEqualTo("127.0.0.1");
    assertThat(
            new GatewayForwarding(FORWARDING_SECRET.getBytes(StandardCharsets.UTF_8))
                .verify(
                    forwarded[2],
                    "GET",
                    "/v1/ca",
                    new Forwarded("127.0.0.1", null),
                    Instant.now(),
                    Duration.ofSeconds(30)))
        .isEqualTo(GatewayForwarding.Verdict.VALID);
  }

  @Test
  void anOversizedBodyIsRefusedWithAProblem() throws Exception {
    assertProblem(post("/v1/resources/x/store", "x".repeat(2048)), 413);
    assertThat(post("/v1/resources/x/store", "x".repeat(512)).statusCode()).isEqualTo(200);
  }

  @Test
  void aBackendsOwnErrorsPassThrough() throws Exception {
    HttpResponse<String> failed = get("/v1/resources/fail/stat");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("registry failed");
  }

  @Test
  void aSlowBackendIsAGatewayTimeout() throws Exception {
    assertProblem(get("/v1/resources/slow/stat"), 504);
  }

  @Test
  void aBackendThatIsDownIsABadGatewayThenItsCircuitOpens() throws Exception {
    HttpResponse<String> first = get("/v1/landmarks");
    assertProblem(first, 502);
    assertThat(first.body()).contains("\"backend\":\"landmarks\"");
    for (int i = 0; i < 4; i++) {
      get("/v1/landmarks");
    }
    HttpResponse<String> open = get("/v1/landmarks");
    assertProblem(open, 503);
    assertThat(open.headers().firstValue("Retry-After")).isPresent();
    // other backends are unaffected
    assertThat(get("/v1/ca").statusCode()).isEqualTo(200);
  }
}
