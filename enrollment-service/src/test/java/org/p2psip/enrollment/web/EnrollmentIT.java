package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.enroll.OverlayConfiguration;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.enrollment.overlay.ConfigurationDocuments;
import org.p2psip.enrollment.overlay.ConfigurationSigner;
import org.p2psip.enrollment.overlay.PublishedLandmarks;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.ExternalCommand;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Enrollment over real HTTPS (server certificate from a test CA, trusted by the client) against a
 * real Redis, with CSRs made by Bouncy Castle and by openssl, every refusal of RFC 6940 11.3, and
 * certificates checked with openssl verify.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.enrollment.overlay-name=enroll.test",
      "p2psip.enrollment.operator-token=test-operator-token",
      "p2psip.enrollment.accounts.verifier-iterations=1000",
      "p2psip.enrollment.certificates.max-node-ids=3",
      "p2psip.enrollment.accounts.max-failed-logins-per-user=3",
      "p2psip.enrollment.document.bootstrap-peers=192.0.2.1:6084,[2001:db8::1]:6085",
      "p2psip.enrollment.document.landmarks=192.0.2.10:6090,192.0.2.11:6090,192.0.2.12:6090",
      "p2psip.enrollment.document.landmarks-version=7",
      "p2psip.enrollment.accounts.max-failed-logins-per-address=100000",
      "p2psip.enrollment.gateway.forwarding-secret=" + EnrollmentIT.GATEWAY_SECRET
    })
class EnrollmentIT extends RedisBackedTest {

  static final String GATEWAY_SECRET = "the-secret-this-test-shares-with-the-gateway";
  static HttpClient https;
  static final String PASSWORD = "correct horse battery";

  static final Duration OPENSSL_LIMIT = Duration.ofSeconds(60);
  static Path caDirectory;

  @LocalServerPort int port;
  @Autowired CertificateAuthority ca;
  @Autowired ReactiveStringRedisTemplate redis;

  /**
   * The registry's Stat over real HTTP, answered by a test server: URIs containing "taken" hold
   * DisCo data, "silent" never answers in time, anything else is free. Records what was asked.
   */
  static final List<String> STAT_REQUESTS = Collections.synchronizedList(new ArrayList<>());

  static final DisposableServer REGISTRY =
      HttpServer.create()
          .host("127.0.0.1")
          .port(0)
          .route(
              routes ->
                  routes.get(
                      "/v1/resources/{resource}/stat",
                      (request, response) -> {
                        String resource =
                            URLDecoder.decode(request.param("resource"), StandardCharsets.UTF_8);
                        STAT_REQUESTS.add(resource);
                        if (resource.contains("silent")) {
                          return response.sendString(
                              Mono.just("{}").delayElement(Duration.ofSeconds(10)));
                        }
                        return response
                            .header("Content-Type", "application/json")
                            .sendString(
                                Mono.just("{\"available\":" + !resource.contains("taken") + "}"));
                      }))
          .bindNow();

  @DynamicPropertySource
  static void developmentCaAndTls(DynamicPropertyRegistry registry) throws Exception {
    registry.add("p2psip.enrollment.registry.url", () -> "http://127.0.0.1:" + REGISTRY.port());
    registry.add("p2psip.enrollment.registry.timeout", () -> "1s");
    caDirectory = Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", caDirectory::toString);
    TestPki tlsCa = new TestPki("TLS CA");
    TestPki.Issued server = tlsCa.server();
    Path tls = Files.createTempDirectory("enrollment-tls");
    Path cert = TestPki.pem(tls, "server.pem", server.certificate());
    Path key = TestPki.pem(tls, "server-key.pem", server.keys());
    registry.add("spring.ssl.bundle.pem.enrollment-tls.keystore.certificate", () -> "file:" + cert);
    registry.add("spring.ssl.bundle.pem.enrollment-tls.keystore.private-key", () -> "file:" + key);
    registry.add("server.ssl.bundle", () -> "enrollment-tls");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("tls-ca", tlsCa.ca.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    https = HttpClient.newBuilder().sslContext(context).build();
  }

  /** Only for making a secp256k1 key the JDK lacks; the service must not rely on it. */
  static final Provider BC = new BouncyCastleProvider();

  HttpResponse<byte[]> post(String path, String contentType, byte[] body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POSTs a multipart form over HTTPS. */
  HttpResponse<byte[]> postForm(String path, Multipart form) throws Exception {
    byte[] body = form.build();
    return https.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Content-Type", form.contentType())
            .header("Accept", "application/pkix-cert")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  String newAccount() throws Exception {
    String user = "user" + System.nanoTime() + "@example.org";
    String json = "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}";
    assertThat(
            post("/v1/accounts", "application/json", json.getBytes(), "test-operator-token")
                .statusCode())
        .isEqualTo(201);
    return user;
  }

  HttpResponse<byte[]> enroll(String user, String password, String nodeIds, byte[] csr)
      throws Exception {
    Multipart form = new Multipart().field("username", user).field("password", password);
    if (nodeIds != null) {
      form.field("nodeids", nodeIds);
    }
    form.file("csr", "application/pkcs10", csr);
    return postForm("/enroll", form);
  }

  static byte[] p256Csr() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return csr(generator.generateKeyPair(), "SHA256withECDSA");
  }

  static byte[] csr(KeyPair keys, String algorithm) throws Exception {
    return csr(keys, new JcaContentSignerBuilder(algorithm));
  }

  static byte[] csr(KeyPair keys, JcaContentSignerBuilder signer) throws Exception {
    PKCS10CertificationRequest request =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(""), keys.getPublic())
            .build(signer.build(keys.getPrivate()));
    return request.getEncoded();
  }

  static X509Certificate certificate(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void operatorApiNeedsTheToken() throws Exception {
    byte[] json = "{\"username\":\"x@example.org\",\"password\":\"longenough\"}".getBytes();
    assertThat(post("/v1/accounts", "application/json", json, null).statusCode()).isEqualTo(401);
    assertThat(post("/v1/accounts", "application/json", json, "wrong").statusCode()).isEqualTo(401);
    String user = newAccount();
    byte[] again = ("{\"username\":\"" + user + "\",\"password\":\"other-password\"}").getBytes();
    assertThat(post("/v1/accounts", "application/json", again, "test-operator-token").statusCode())
        .isEqualTo(409);
  }

  @Test
  void bouncyCastleCsrGetsACertificateShapedAsRfc6940Says() throws Exception {
    String user = newAccount();
    HttpResponse<byte[]> response = enroll(user, PASSWORD, "2", p256Csr());
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
    X509Certificate certificate = certificate(response.body());
    certificate.verify(ca.certificate().getPublicKey());
    assertThat(certificate.getSubjectX500Principal().getName()).isEmpty();
    CertificateIdentity identity = CertificateIdentity.of(certificate);
    assertThat(identity.userName()).isEqualTo(user);
    assertThat(identity.nodeIds()).hasSize(2).doesNotHaveDuplicates();
    assertThat(identity.overlayName()).isEqualTo("enroll.test");
    assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.17");
    assertThat(certificate.getSubjectAlternativeNames())
        .as("exactly the user name and one reload:// URI per Node-ID")
        .hasSize(3)
        .allSatisfy(name -> assertThat((Integer) name.get(0)).isIn(1, 6));
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getSerialNumber().bitLength()).isGreaterThan(64);

    X509Certificate second = certificate(enroll(user, PASSWORD, null, p256Csr()).body());
    assertThat(CertificateIdentity.of(second).nodeIds())
        .as("fresh random Node-IDs every time")
        .doesNotContainAnyElementsOf(identity.nodeIds());
    assertThat(second.getSerialNumber()).isNotEqualTo(certificate.getSerialNumber());
    opensslVerifies(certificate);
  }

  @Test
  void opensslCsrsForEcAndRsaAreAccepted() throws Exception {
    Assumptions.assumeTrue(openssl(), "openssl is not installed");
    String user = newAccount();
    for (String keyOption : List.of("ec -pkeyopt ec_paramgen_curve:P-256", "rsa:2048")) {
      Path dir = Files.createTempDirectory("csr");
      Path csr = dir.resolve("req.der");
      String command =
          "openssl req -new -newkey "
              + keyOption
              + " -nodes -keyout "
              + dir.resolve("key.pem")
              + " -subj / -outform DER -out "
              + csr;
      ExternalCommand.Result made = ExternalCommand.run(OPENSSL_LIMIT, null, "sh", "-c", command);
      assertThat(made.exitCode()).as(made.output()).isZero();
      HttpResponse<byte[]> response = enroll(user, PASSWORD, "1", Files.readAllBytes(csr));
      assertThat(response.statusCode()).as(keyOption + ": " + text(response)).isEqualTo(200);
      opensslVerifies(certificate(response.body()));
    }
  }

  @Test
  void everyRefusalOfRfc6940() throws Exception {
    String user = newAccount();
    assertRefused(enroll(user, "wrong password", "1", p256Csr()), "failed_authentication");
    assertRefused(enroll("nobody@example.org", PASSWORD, "1", p256Csr()), "failed_authentication");
    assertRefused(enroll(user, PASSWORD, "4", p256Csr()), "Node-IDs_not_available");
    assertRefused(enroll(user, PASSWORD, "0", p256Csr()), "Node-IDs_not_available");
    assertRefused(enroll(user, PASSWORD, "1", "not a csr".getBytes()), "bad_CSR");

    byte[] tampered = p256Csr();
    tampered[tampered.length - 5] ^= 0x01; // inside the signature
    assertRefused(enroll(user, PASSWORD, "1", tampered), "bad_CSR");

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    assertRefused(
        enroll(user, PASSWORD, "1", csr(rsa.generateKeyPair(), "SHA256withRSA")), "bad_CSR");

    KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", BC);
    k1.initialize(new ECGenParameterSpec("secp256k1"));
    assertRefused(
        enroll(
            user,
            PASSWORD,
            "1",
            csr(
                k1.generateKeyPair(),
                new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC))),
        "bad_CSR");

    assertThat(
            post(
                    "/v1/accounts/" + user + "/disable",
                    "application/json",
                    new byte[0],
                    "test-operator-token")
                .statusCode())
        .isEqualTo(200);
    assertRefused(enroll(user, PASSWORD, "1", p256Csr()), "failed_authentication");
  }

  @Test
  void ed25519CsrIsAccepted() throws Exception {
    String user = newAccount();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    HttpResponse<byte[]> response = enroll(user, PASSWORD, "1", csr(ed, "Ed25519"));
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
  }

  @Test
  void repeatedFailedLoginsLockTheUserNameEvenWithTheRightPassword() throws Exception {
    String user = newAccount();
    for (int i = 0; i < 3; i++) {
      assertRefused(enroll(user, "guess-" + i, "1", p256Csr()), "failed_authentication");
    }
    assertRefused(enroll(user, PASSWORD, "1", p256Csr()), "failed_authentication");
  }

  @Test
  void issuanceIsAudited() throws Exception {
    String user = newAccount();
    X509Certificate issued = certificate(enroll(user, PASSWORD, "1", p256Csr()).body());
    var entries =
        redis
            .opsForStream()
            .reverseRange(AuditTrail.STREAM, Range.unbounded())
            .take(20)
            .collectList()
            .block();
    assertThat(entries)
        .anySatisfy(
            entry -> {
              assertThat(entry.getValue()).containsEntry("event", "certificate-issued");
              assertThat(entry.getValue()).containsEntry("user", user);
              assertThat(entry.getValue())
                  .containsEntry("serial", issued.getSerialNumber().toString(16));
            });
  }

  @Test
  void oversizedBodiesAreRefusedWithoutHarm() throws Exception {
    String user = newAccount();
    HttpResponse<byte[]> huge = enroll(user, PASSWORD, "1", new byte[512 * 1024]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(enroll(user, PASSWORD, "1", p256Csr()).statusCode())
        .as("the service goes on")
        .isEqualTo(200);
  }

  HttpResponse<byte[]> renew(byte[] certificate, byte[] csr, byte[] signature) throws Exception {
    Multipart form =
        new Multipart()
            .file("certificate", "application/pkix-cert", certificate)
            .file("csr", "application/pkcs10", csr)
            .file("signature", "application/octet-stream", signature);
    return postForm("/renew", form);
  }

  static byte[] sign(PrivateKey key, byte[] data) throws Exception {
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  static KeyPair p256Keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void aHolderRenewsKeepingUserAndNodeIdsAndRevocationStopsIt() throws Exception {
    String user = newAccount();
    KeyPair oldKeys = p256Keys();
    X509Certificate current =
        certificate(enroll(user, PASSWORD, "2", csr(oldKeys, "SHA256withECDSA")).body());

    KeyPair newKeys = p256Keys();
    byte[] newCsr = csr(newKeys, "SHA256withECDSA");
    HttpResponse<byte[]> renewed =
        renew(current.getEncoded(), newCsr, sign(oldKeys.getPrivate(), newCsr));
    assertThat(renewed.statusCode()).as(text(renewed)).isEqualTo(200);
    X509Certificate next = certificate(renewed.body());
    next.verify(ca.certificate().getPublicKey());
    assertThat(CertificateIdentity.of(next)).isEqualTo(CertificateIdentity.of(current));
    assertThat(next.getPublicKey()).isEqualTo(newKeys.getPublic());
    assertThat(next.getSerialNumber()).isNotEqualTo(current.getSerialNumber());

    assertRefused(
        renew(current.getEncoded(), newCsr, sign(p256Keys().getPrivate(), newCsr)),
        "failed_authentication");

    String serial = current.getSerialNumber().toString(16);
    assertThat(
            post("/v1/certificates/" + serial + "/revoke", "application/json", new byte[0], null)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "/v1/certificates/" + serial + "/revoke",
                    "application/json",
                    new byte[0],
                    "test-operator-token")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            post(
                    "/v1/certificates/abc123/revoke",
                    "application/json",
                    new byte[0],
                    "test-operator-token")
                .statusCode())
        .as("a serial this CA never issued")
        .isEqualTo(404);
    assertRefused(
        renew(current.getEncoded(), newCsr, sign(oldKeys.getPrivate(), newCsr)),
        "failed_authentication");

    HttpResponse<byte[]> crlResponse =
        https.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/crl")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(crlResponse.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(crlResponse.body()));
    crl.verify(ca.certificate().getPublicKey());
    assertThat(crl.isRevoked(current)).isTrue();
    assertThat(crl.isRevoked(next)).isFalse();
    assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());
    opensslRejectsAsRevoked(current, crlResponse.body());
  }

  /** POSTs a CSR-only renewal as the gateway forwards it: certificate and signature headers. */
  HttpResponse<byte[]> renewForwarded(byte[] csr, String certificateHeader, String signatureHeader)
      throws Exception {
    Multipart form = new Multipart().file("csr", "application/pkcs10", csr);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/renew"))
            .header("Content-Type", form.contentType())
            .header(GatewayForwarding.CERTIFICATE_HEADER, certificateHeader)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()));
    if (signatureHeader != null) {
      request.header(GatewayForwarding.SIGNATURE_HEADER, signatureHeader);
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String signedAsGateway(String secret, Instant at, String path, String certificate) {
    return new GatewayForwarding(secret.getBytes(StandardCharsets.UTF_8))
        .sign(at, "POST", path, new GatewayForwarding.Forwarded(null, certificate));
  }

  @Test
  void throughTheGatewayACsrAloneRenewsOnceAndTheSignedRequestCannotBeReplayed() throws Exception {
    String user = newAccount();
    X509Certificate current =
        certificate(enroll(user, PASSWORD, "1", csr(p256Keys(), "SHA256withECDSA")).body());
    String header = Base64.getEncoder().encodeToString(current.getEncoded());
    KeyPair newKeys = p256Keys();
    byte[] newCsr = csr(newKeys, "SHA256withECDSA");
    String signature = signedAsGateway(GATEWAY_SECRET, Instant.now(), "/renew", header);

    HttpResponse<byte[]> renewed = renewForwarded(newCsr, header, signature);
    assertThat(renewed.statusCode()).as(text(renewed)).isEqualTo(200);
    X509Certificate next = certificate(renewed.body());
    assertThat(CertificateIdentity.of(next)).isEqualTo(CertificateIdentity.of(current));
    assertThat(next.getPublicKey()).isEqualTo(newKeys.getPublic());

    HttpResponse<byte[]> replayed = renewForwarded(newCsr, header, signature);
    assertThat(replayed.statusCode()).isEqualTo(403);
    assertThat(text(replayed)).contains("replay");
  }

  @Test
  void aCertificateHeaderTheGatewayDidNotSignIsRefusedBeforeAnyController() throws Exception {
    String user = newAccount();
    X509Certificate current =
        certificate(enroll(user, PASSWORD, "1", csr(p256Keys(), "SHA256withECDSA")).body());
    String header = Base64.getEncoder().encodeToString(current.getEncoded());
    byte[] newCsr = p256Csr();
    Instant now = Instant.now();
    String otherSecret = "a-secret-of-somebody-else-32-bytes-long";
    Map<String, String> attempts = new LinkedHashMap<>();
    attempts.put("UNSIGNED", null);
    attempts.put("MALFORMED", "t=soon; n=x; v2=x");
    attempts.put("FORGED", signedAsGateway(otherSecret, now, "/renew", header));
    attempts.put("STALE", signedAsGateway(GATEWAY_SECRET, now.minusSeconds(120), "/renew", header));
    attempts.put("FORGED ", signedAsGateway(GATEWAY_SECRET, now, "/enroll", header));
    for (var attempt : attempts.entrySet()) {
      HttpResponse<byte[]> refused = renewForwarded(newCsr, header, attempt.getValue());
      assertThat(refused.statusCode()).as(attempt.getKey()).isEqualTo(403);
      assertThat(text(refused)).contains("not signed by the gateway (" + attempt.getKey().trim());
    }
    // signed by the gateway, but for a certificate of another CA: the renewal itself refuses it
    TestPki otherCa = new TestPki("Another CA");
    String foreign =
        Base64.getEncoder()
            .encodeToString(
                otherCa
                    .client(user, "00112233445566778899aabbccddeeff", "enroll.test")
                    .certificate()
                    .getEncoded());
    assertRefused(
        renewForwarded(newCsr, foreign, signedAsGateway(GATEWAY_SECRET, now, "/renew", foreign)),
        "failed_authentication");
    // and without the header, a CSR alone is no proof at all
    assertRefused(
        postForm("/renew", new Multipart().file("csr", "application/pkcs10", newCsr)),
        "failed_authentication");
  }

  void opensslRejectsAsRevoked(X509Certificate revoked, byte[] crlDer) throws Exception {
    if (!openssl()) {
      return;
    }
    Path dir = Files.createTempDirectory("crl");
    Path crl = dir.resolve("crl.der");
    Files.write(crl, crlDer);
    Path crlPem = dir.resolve("crl.pem");
    ExternalCommand.Result converted =
        openssl("crl", "-inform", "DER", "-in", crl.toString(), "-out", crlPem.toString());
    assertThat(converted.exitCode()).as(converted.output()).isZero();
    Path leaf = dir.resolve("leaf.pem");
    Files.writeString(
        leaf,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(revoked.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    ExternalCommand.Result verify =
        openssl(
            "verify",
            "-crl_check",
            "-CAfile",
            caDirectory.resolve("ca.pem").toString(),
            "-CRLfile",
            crlPem.toString(),
            leaf.toString());
    String output = verify.output();
    assertThat(verify.exitCode()).as(output).isNotZero();
    assertThat(output).contains("revoked");
  }

  HttpResponse<byte[]> conference(String user, String password, String uri, byte[] csr)
      throws Exception {
    Multipart form =
        new Multipart()
            .field("username", user)
            .field("password", password)
            .field("conference", uri)
            .file("csr", "application/pkcs10", csr);
    return postForm("/v1/conferences", form);
  }

  @Test
  void conferenceCertificatesBelongToTheirCreatorWithANodeIdOfTheirOwn() throws Exception {
    String creator = newAccount();
    String other = newAccount();
    String uri = "sip:conf" + System.nanoTime() + "@example.org";
    String name = uri.substring(4);

    HttpResponse<byte[]> first = conference(creator, PASSWORD, uri, p256Csr());
    assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
    CertificateIdentity conferenceIdentity = CertificateIdentity.of(certificate(first.body()));
    assertThat(conferenceIdentity.userName()).as("without sip:").isEqualTo(name);
    assertThat(conferenceIdentity.nodeIds()).hasSize(1);
    assertThat(ResourceIds.of(uri))
        .as("the certificate's user name hashes to the conference's Resource-ID")
        .isEqualTo(ResourceIds.of(conferenceIdentity.userName()));

    HttpResponse<byte[]> again = conference(creator, PASSWORD, name, p256Csr());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(CertificateIdentity.of(certificate(again.body())).nodeIds())
        .as("the creator gets the conference's same Node-ID again")
        .isEqualTo(conferenceIdentity.nodeIds());

    assertRefused(conference(other, PASSWORD, uri, p256Csr()), "username_not_available");
    assertRefused(conference(other, PASSWORD, creator, p256Csr()), "username_not_available");
    assertRefused(
        conference(creator, "wrong", "sip:x@example.org", p256Csr()), "failed_authentication");
    assertRefused(conference(creator, PASSWORD, "not a uri", p256Csr()), "username_not_available");

    X509Certificate own = certificate(enroll(creator, PASSWORD, "1", p256Csr()).body());
    assertThat(CertificateIdentity.of(own).nodeIds())
        .as("never given to anyone else")
        .doesNotContainAnyElementsOf(conferenceIdentity.nodeIds());
  }

  @Test
  void theClientSdkVerifiesTheConfigurationEnrolsAndRefusesATamperedDocument() throws Exception {
    String user = newAccount();
    var enrollment = new Enrollment(https, URI.create("https://127.0.0.1:" + port));
    var enrolled = enrollment.enroll(user, PASSWORD, 2).block(Duration.ofSeconds(30));
    assertThat(enrolled.identity().userName()).isEqualTo(user);
    assertThat(enrolled.identity().nodeIds()).hasSize(2);
    assertThat(enrolled.configuration().overlayName()).isEqualTo("enroll.test");
    assertThat(enrolled.configuration().root()).isEqualTo(ca.certificate());
    assertThat(enrolled.configuration().landmarks()).hasSize(3);
    String xml = enrolled.configuration().xml();
    Instant now = Instant.now();
    // any change inside the signed element, or a signer the root did not issue, is refused
    assertThatThrownBy(
            () ->
                OverlayConfiguration.verify(
                    xml.replace("<clients-permitted>true", "<clients-permitted>false"), now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signature");
    assertThatThrownBy(
            () ->
                OverlayConfiguration.verify(
                    xml.replaceFirst(
                        "<root-cert>[^<]*</root-cert>",
                        "<root-cert>"
                            + Base64.getEncoder()
                                .encodeToString(new TestPki("Other").ca.certificate().getEncoded())
                            + "</root-cert>"),
                    now))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OverlayConfiguration.verify(xml, now.plus(Duration.ofDays(400))))
        .isInstanceOf(IllegalArgumentException.class);
    // a wrong password is the service's refusal, said plainly
    assertThatThrownBy(() -> enrollment.enroll(user, "wrong", 1).block(Duration.ofSeconds(30)))
        .hasMessageContaining("failed_authentication");
  }

  @Test
  void aConferenceUriHoldingRegistryDataIsNotGivenACertificate() throws Exception {
    String creator = newAccount();
    String taken = "sip:taken" + System.nanoTime() + "@example.org";
    assertRefused(conference(creator, PASSWORD, taken, p256Csr()), "username_not_available");
    assertThat(STAT_REQUESTS).contains(taken.substring(4));

    // a registry that does not answer: refused as unavailable, not issued blindly
    HttpResponse<byte[]> silent =
        conference(creator, PASSWORD, "sip:silent" + System.nanoTime() + "@example.org", p256Csr());
    assertThat(silent.statusCode()).isEqualTo(503);
    assertThat(text(silent)).isEqualTo("registry_unavailable");

    // a free URI is claimed once: asking again (the creator) does not ask the registry again
    String free = "sip:free" + System.nanoTime() + "@example.org";
    assertThat(conference(creator, PASSWORD, free, p256Csr()).statusCode()).isEqualTo(200);
    long asked = STAT_REQUESTS.stream().filter(free.substring(4)::equals).count();
    assertThat(conference(creator, PASSWORD, free, p256Csr()).statusCode()).isEqualTo(200);
    assertThat(STAT_REQUESTS.stream().filter(free.substring(4)::equals).count()).isEqualTo(asked);
  }

  @Test
  void configurationDocumentIsSignedByTheConfigurationSignerAndCarriesTheOverlay()
      throws Exception {
    HttpResponse<String> response =
        https.send(
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/.well-known/reload-config"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/p2p-overlay+xml");
    String document = response.body();

    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document xml =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
    String base = "urn:ietf:params:xml:ns:p2p:config-base";
    String disco = "urn:ietf:params:xml:ns:p2p:config-base:disco";
    Element configuration = (Element) xml.getElementsByTagNameNS(base, "configuration").item(0);
    assertThat(configuration.getAttribute("instance-name")).isEqualTo("enroll.test");
    assertThat(Long.parseLong(configuration.getAttribute("sequence"))).isPositive();
    assertThat(Instant.parse(configuration.getAttribute("expiration"))).isAfter(Instant.now());
    assertThat(text(xml, base, "root-cert"))
        .isEqualTo(Base64.getEncoder().encodeToString(ca.certificate().getEncoded()));
    assertThat(text(xml, base, "enrollment-server")).startsWith("https://");
    var bootstrap = xml.getElementsByTagNameNS(base, "bootstrap-node");
    assertThat(bootstrap.getLength()).isEqualTo(2);
    assertThat(((Element) bootstrap.item(1)).getAttribute("address")).isEqualTo("2001:db8::1");
    assertThat(document)
        .contains(
            "<kind name=\"SIP-REGISTRATION\"><data-model>DICTIONARY</data-model><access-control>USER-NODE-MATCH</access-control>")
        .contains(
            "<kind id=\"4027389376\"><data-model>DICTIONARY</data-model><access-control>USER-MATCH</access-control>");
    Element landmarks = (Element) xml.getElementsByTagNameNS(disco, "landmarks").item(0);
    assertThat(landmarks.getAttribute("version")).isEqualTo("7");
    assertThat(landmarks.getElementsByTagNameNS(disco, "landmark-host").getLength()).isEqualTo(3);

    // the signature covers the configuration element's exact bytes
    X509Certificate signer =
        certificate(
            Base64.getDecoder()
                .decode(
                    text(
                        xml,
                        "urn:p2psip:params:xml:ns:config",
                        "configuration-signer-certificate")));
    signer.verify(ca.certificate().getPublicKey());
    assertThat(CertificateIdentity.of(signer).nodeIds().get(0).hex())
        .isEqualTo(text(xml, base, "configuration-signer"));
    String signed =
        document.substring(
            document.indexOf("<configuration "),
            document.indexOf("</configuration>") + "</configuration>".length());
    Signature check = Signature.getInstance("SHA256withECDSA");
    check.initVerify(signer.getPublicKey());
    check.update(signed.getBytes(StandardCharsets.UTF_8));
    assertThat(check.verify(Base64.getDecoder().decode(text(xml, base, "signature")))).isTrue();
    check.initVerify(signer.getPublicKey());
    check.update(signed.replace("192.0.2.1", "192.0.2.9").getBytes(StandardCharsets.UTF_8));
    assertThat(check.verify(Base64.getDecoder().decode(text(xml, base, "signature"))))
        .as("a changed bootstrap peer breaks the signature")
        .isFalse();
  }

  @Autowired ConfigurationSigner signer;
  @Autowired CertificateIssuer issuer;

  @Test
  void theSequenceRisesOnlyWhenTheContentChanges() {
    String overlay = "seq" + System.nanoTime() + ".test";
    var base =
        new EnrollmentProperties.Document(
            "https://x/enroll",
            List.of("192.0.2.1:6084"),
            List.of("192.0.2.10:6090"),
            1,
            Duration.ofDays(1),
            null,
            null,
            Duration.ofSeconds(30));
    var changed =
        new EnrollmentProperties.Document(
            "https://x/enroll",
            List.of("192.0.2.1:6084"),
            List.of("192.0.2.10:6090", "192.0.2.11:6090"),
            2,
            Duration.ofDays(1),
            null,
            null,
            Duration.ofSeconds(30));
    long first = sequence(documents(overlay, base));
    assertThat(sequence(documents(overlay, base))).as("unchanged").isEqualTo(first);
    var reissued =
        new ConfigurationSigner(
            signer.key(),
            issuer.issue(
                signer.certificate().getPublicKey(),
                "config-signer@x",
                List.of(signer.nodeId()),
                Duration.ofDays(1)),
            signer.nodeId());
    assertThat(
            sequence(
                new ConfigurationDocuments(ca, reissued, overlay, base, redis, Clock.systemUTC())))
        .as("the same signer key with a re-issued certificate (a restart) is no change")
        .isEqualTo(first);
    assertThat(sequence(documents(overlay, changed))).as("changed").isEqualTo(first + 1);
    assertThat(sequence(documents(overlay, changed))).isEqualTo(first + 1);
  }

  /**
   * The document lists the landmark set the landmark services published, read over real HTTP from a
   * server standing in for a landmark service: its version and probe addresses replace the static
   * list, a failed read keeps the last set, a new set is a new sequence.
   */
  @Test
  void theDocumentListsThePublishedLandmarksAndFollowsThem() throws Exception {
    AtomicReference<String> answer =
        new AtomicReference<>(
            "{\"version\":42,\"dimensions\":2,\"landmarks\":["
                + "{\"id\":\"lm-1\",\"host\":\"198.51.100.1\",\"port\":6090,\"coordinate\":[0,0]},"
                + "{\"id\":\"lm-2\",\"host\":\"2001:db8::2\",\"port\":6091,\"coordinate\":[1,0]},"
                + "{\"id\":\"bad\",\"host\":\"\",\"port\":0}]}");
    AtomicInteger refused = new AtomicInteger();
    DisposableServer landmarkService =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/v1/landmarks",
                        (request, response) -> {
                          String body = answer.get();
                          if (body == null) {
                            refused.incrementAndGet();
                            return response.status(503).send();
                          }
                          return response
                              .header("Content-Type", "application/json")
                              .sendString(Mono.just(body));
                        }))
            .bindNow();
    String overlay = "published" + System.nanoTime() + ".test";
    var settings =
        new EnrollmentProperties.Document(
            "https://x/enroll",
            List.of("192.0.2.1:6084"),
            List.of("192.0.2.10:6090"),
            1,
            Duration.ofDays(1),
            null,
            URI.create("http://127.0.0.1:" + landmarkService.port()),
            Duration.ofMillis(200));
    var published = new PublishedLandmarks(settings);
    var documents =
        new ConfigurationDocuments(
            ca, signer, overlay, settings, redis, Clock.systemUTC(), published);
    try {
      long staticSequence = sequence(documents(overlay, settings));
      published.start();
      String document = awaitDocument(documents, "version=\"42\"");
      assertThat(document)
          .contains("<disco:landmark-host address=\"198.51.100.1\" port=\"6090\"/>")
          .contains("<disco:landmark-host address=\"2001:db8::2\" port=\"6091\"/>")
          .doesNotContain("192.0.2.10")
          .doesNotContain("port=\"0\"");
      long publishedSequence = sequence(documents);
      assertThat(publishedSequence).isEqualTo(staticSequence + 1);

      answer.set(null); // the landmark service fails: the last set stays
      // two refused reads: at least one whole polling round has met the failure
      await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 2);
      assertThat(documents.current().block()).contains("version=\"42\"");
      assertThat(sequence(documents)).isEqualTo(publishedSequence);

      answer.set(
          "{\"version\":43,\"dimensions\":1,\"landmarks\":["
              + "{\"id\":\"lm-1\",\"host\":\"198.51.100.1\",\"port\":6090,\"coordinate\":[0]}]}");
      assertThat(awaitDocument(documents, "version=\"43\"")).doesNotContain("2001:db8::2");
      assertThat(sequence(documents)).isEqualTo(publishedSequence + 1);
    } finally {
      published.stop();
      landmarkService.disposeNow();
    }
  }

  static String awaitDocument(ConfigurationDocuments documents, String marker) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> documents.current().block(), document -> document.contains(marker));
  }

  ConfigurationDocuments documents(String overlay, EnrollmentProperties.Document settings) {
    return new ConfigurationDocuments(ca, signer, overlay, settings, redis, Clock.systemUTC());
  }

  static long sequence(ConfigurationDocuments documents) {
    String document = documents.current().block();
    int at = document.indexOf("sequence=\"") + "sequence=\"".length();
    return Long.parseLong(document.substring(at, document.indexOf('"', at)));
  }

  static String text(Document xml, String namespace, String name) {
    return xml.getElementsByTagNameNS(namespace, name).item(0).getTextContent().trim();
  }

  static void assertRefused(HttpResponse<byte[]> response, String reason) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text(response)).isEqualTo(reason);
  }

  static boolean openssl() {
    return ExternalCommand.available("openssl", "version");
  }

  /** Runs openssl with a time limit, so that a tool that hangs fails the test, not the build. */
  static ExternalCommand.Result openssl(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = "openssl";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    return ExternalCommand.run(OPENSSL_LIMIT, null, command);
  }

  void opensslVerifies(X509Certificate certificate) throws Exception {
    if (!openssl()) {
      return;
    }
    Path leaf = Files.createTempFile("leaf", ".pem");
    Files.writeString(
        leaf,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    ExternalCommand.Result verify =
        openssl("verify", "-CAfile", caDirectory.resolve("ca.pem").toString(), leaf.toString());
    String output = verify.output();
    assertThat(verify.exitCode()).as(output).isZero();
    assertThat(output).contains(": OK");
  }
}
