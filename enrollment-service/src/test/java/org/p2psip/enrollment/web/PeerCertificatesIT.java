package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.ExternalCommand;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Host-peer certificates over real HTTPS against a real Redis: the operator has the peer CA issue
 * one (a CSR from Bouncy Castle or openssl, or a bare public key), the chain validates to the
 * overlay CA with the JDK's PKIX validator (and openssl verify), refusals are problems, the peer CA
 * is served and persisted next to the overlay CA, peer certificates are revoked through the
 * existing revocation API, and clients still get their certificates from the overlay CA directly.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.enrollment.overlay-name=peers.test",
      "p2psip.enrollment.operator-token=" + PeerCertificatesIT.TOKEN,
      "p2psip.enrollment.accounts.verifier-iterations=1000",
      "p2psip.enrollment.peer-ca.validity=14d",
      "p2psip.enrollment.peer-ca.max-validity=30d"
    })
class PeerCertificatesIT extends RedisBackedTest {

  static final String TOKEN = "peer-operator-token";
  static final String PASSWORD = "correct horse battery";
  static final String ISSUE = "/v1/operator/peer-certificates";
  static HttpClient https;
  static Path caDirectory;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void developmentCaAndTls(DynamicPropertyRegistry registry) throws Exception {
    caDirectory = Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", caDirectory::toString);
    TestPki tlsCa = new TestPki("TLS CA");
    TestPki.Issued server = tlsCa.server();
    Path tls = Files.createTempDirectory("enrollment-tls");
    Path cert = TestPki.pem(tls, "server.pem", server.certificate());
    Path key = TestPki.pem(tls, "server-key.pem", server.keys());
    registry.add("spring.ssl.bundle.pem.peer-tls.keystore.certificate", () -> "file:" + cert);
    registry.add("spring.ssl.bundle.pem.peer-tls.keystore.private-key", () -> "file:" + key);
    registry.add("server.ssl.bundle", () -> "peer-tls");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("tls-ca", tlsCa.ca.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    sslContext = context;
    https = freshClient();
  }

  static SSLContext sslContext;

  static HttpClient freshClient() {
    return HttpClient.newBuilder()
        .sslContext(sslContext)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(java.time.Duration.ofSeconds(5))
        .build();
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  /**
   * A GET with a deadline. Twice a CI run saw one of these wait for ever on a pooled connection
   * (the server logged no request): the JDK client is given 30 s, then one more try on a new one.
   */
  HttpResponse<byte[]> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).build();
    try {
      return https.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      return freshClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(30);

  HttpResponse<String> issue(String query, String pem, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(ISSUE + query))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-pem-file")
            .POST(HttpRequest.BodyPublishers.ofString(pem));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String pem(Object object) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  static PKCS10CertificationRequest csr(KeyPair keys) throws Exception {
    return new JcaPKCS10CertificationRequestBuilder(new X500Name(""), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
  }

  static List<X509Certificate> chain(String pem) throws Exception {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (var certificate :
        factory.generateCertificates(
            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      certificates.add((X509Certificate) certificate);
    }
    return certificates;
  }

  X509Certificate overlayCa() throws Exception {
    return chain(new String(get("/v1/ca").body(), StandardCharsets.US_ASCII)).get(0);
  }

  X509Certificate peerCa() throws Exception {
    HttpResponse<byte[]> response = get("/v1/peer-ca");
    assertThat(response.statusCode()).isEqualTo(200);
    return chain(new String(response.body(), StandardCharsets.US_ASCII)).get(0);
  }

  static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
    CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
  }

  static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.body()).contains("\"status\":" + status).contains(detail);
  }

  @Test
  void theOperatorGetsAChainThatValidatesThroughThePeerCaToTheOverlayCa() throws Exception {
    Id128 nodeId = Id128.random();
    HttpResponse<String> response =
        issue("?node-id=" + nodeId.hex(), pem(csr(TestPki.p256())), TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-pem-file");
    List<X509Certificate> chain = chain(response.body());
    assertThat(chain).hasSize(2);
    X509Certificate peer = chain.get(0);
    assertThat(chain.get(1)).isEqualTo(peerCa());
    validate(chain, overlayCa());
    validate(List.of(peer), peerCa());
    assertThat(peer.getSubjectAlternativeNames())
        .containsExactly(List.of(6, CertificateIdentity.reloadUri(nodeId, "peers.test")));
    assertThat(peer.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    Duration valid =
        Duration.between(peer.getNotBefore().toInstant(), peer.getNotAfter().toInstant());
    assertThat(valid)
        .as("the configured default, from 5 minutes ago")
        .isEqualTo(Duration.ofDays(14).plusMinutes(5));
  }

  @Test
  void theOperatorChoosesTheValidityWithinTheMaximum() throws Exception {
    HttpResponse<String> week =
        issue("?node-id=" + Id128.random().hex() + "&validity=7d", pem(csr(TestPki.p256())), TOKEN);
    assertThat(week.statusCode()).as(week.body()).isEqualTo(200);
    X509Certificate peer = chain(week.body()).get(0);
    assertThat(Duration.between(peer.getNotBefore().toInstant(), peer.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(7).plusMinutes(5));

    assertProblem(
        issue(
            "?node-id=" + Id128.random().hex() + "&validity=31d", pem(csr(TestPki.p256())), TOKEN),
        400,
        "maximum");
    assertProblem(
        issue(
            "?node-id=" + Id128.random().hex() + "&validity=soon", pem(csr(TestPki.p256())), TOKEN),
        400,
        "validity");
  }

  @Test
  void aBarePublicKeyIsCertifiedToo() throws Exception {
    KeyPair keys = TestPki.p256();
    HttpResponse<String> response =
        issue("?node-id=" + Id128.random().hex(), pem(keys.getPublic()), TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(chain(response.body()).get(0).getPublicKey()).isEqualTo(keys.getPublic());
  }

  @Test
  void withoutTheOperatorTokenNothingIsIssued() throws Exception {
    String body = pem(csr(TestPki.p256()));
    String query = "?node-id=" + Id128.random().hex();
    for (String token : new String[] {null, "wrong-token"}) {
      HttpResponse<String> response = issue(query, body, token);
      assertProblem(response, 401, "operator");
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
  }

  @Test
  void badNodeIdsAreRefused() throws Exception {
    String body = pem(csr(TestPki.p256()));
    for (String query :
        List.of("", "?node-id=abc", "?node-id=" + "g".repeat(32), "?node-id=" + "0".repeat(33))) {
      assertProblem(issue(query, body, TOKEN), 400, "Node-ID");
    }
    assertProblem(issue("?node-id=" + "0".repeat(32), body, TOKEN), 400, "Node-ID 0");
  }

  @Test
  void aCsrWhoseSignatureDoesNotVerifyIsRefused() throws Exception {
    byte[] der = csr(TestPki.p256()).getEncoded();
    der[der.length - 5] ^= 0x01;
    String broken = pem(new PKCS10CertificationRequest(der));
    assertProblem(issue("?node-id=" + Id128.random().hex(), broken, TOKEN), 400, "signature");
    assertProblem(issue("?node-id=" + Id128.random().hex(), "not PEM", TOKEN), 400, "PEM");
  }

  @Test
  void aCsrAskingForAUserNameOrAnotherKeyTypeIsRefused() throws Exception {
    KeyPair keys = TestPki.p256();
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "alice@example.org")));
    PKCS10CertificationRequest withUser =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(""), keys.getPublic())
            .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    assertProblem(issue("?node-id=" + Id128.random().hex(), pem(withUser), TOKEN), 400, "no user");
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384Keys = p384.generateKeyPair();
    PKCS10CertificationRequest p384Csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(""), p384Keys.getPublic())
            .build(new JcaContentSignerBuilder("SHA384withECDSA").build(p384Keys.getPrivate()));
    assertProblem(issue("?node-id=" + Id128.random().hex(), pem(p384Csr), TOKEN), 400, "P-256");
  }

  @Test
  void aClientsNodeIdIsNeverAHostPeersAndAHostPeerKeepsItsOwn() throws Exception {
    X509Certificate client = enrolledClient();
    Id128 clientNodeId = CertificateIdentity.of(client).nodeIds().get(0);
    assertProblem(
        issue("?node-id=" + clientNodeId.hex(), pem(csr(TestPki.p256())), TOKEN), 409, "client");

    Id128 peer = Id128.random();
    assertThat(issue("?node-id=" + peer.hex(), pem(csr(TestPki.p256())), TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(
            issue("?node-id=" + peer.hex().toUpperCase(), pem(csr(TestPki.p256())), TOKEN)
                .statusCode())
        .as("the same host peer again (a new key, a renewal)")
        .isEqualTo(200);
  }

  @Test
  void aClientStillGetsItsCertificateFromTheOverlayCaDirectly() throws Exception {
    X509Certificate client = enrolledClient();
    X509Certificate overlayCa = overlayCa();
    assertThat(client.getIssuerX500Principal()).isEqualTo(overlayCa.getSubjectX500Principal());
    client.verify(overlayCa.getPublicKey());
    validate(List.of(client), overlayCa);
    X509Certificate peerCa = peerCa();
    assertThatThrownBy(() -> validate(List.of(client), peerCa))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void thePeerCaIsPersistedNextToTheOverlayCaAndServedAsIs() throws Exception {
    X509Certificate served = peerCa();
    X509Certificate stored = chain(Files.readString(caDirectory.resolve("peer-ca.pem"))).get(0);
    assertThat(served).isEqualTo(stored);
    assertThat(Files.exists(caDirectory.resolve("peer-ca-key.pem"))).isTrue();
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=peers.test peer CA");
    assertThat(served.getBasicConstraints()).isZero();
    validate(List.of(served), overlayCa());
  }

  @Test
  void aPeerCertificateIsRevokedThroughTheRevocationApiAndListedInThePeerCaCrl() throws Exception {
    HttpResponse<String> issued =
        issue("?node-id=" + Id128.random().hex(), pem(csr(TestPki.p256())), TOKEN);
    X509Certificate peer = chain(issued.body()).get(0);
    HttpResponse<String> revoked =
        https.send(
            HttpRequest.newBuilder(
                    uri("/v1/certificates/" + peer.getSerialNumber().toString(16) + "/revoke"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    HttpResponse<byte[]> response = get("/v1/peer-ca/crl");
    assertThat(response.statusCode()).isEqualTo(200);
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(response.body()));
    crl.verify(peerCa().getPublicKey());
    assertThat(crl.getIssuerX500Principal()).isEqualTo(peerCa().getSubjectX500Principal());
    assertThat(crl.isRevoked(peer)).isTrue();
  }

  @Test
  void anOpensslKeyAndCsrAsTheOperatorStepsMakeThemAreCertifiedAndVerifyWithOpenssl()
      throws Exception {
    if (!EnrollmentIT.openssl()) {
      return;
    }
    Path work = Files.createTempDirectory("host-peer");
    run(
        work,
        "openssl",
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/",
        "-keyout",
        "host-peer-key.pem",
        "-out",
        "host-peer.csr");
    HttpResponse<String> response =
        issue(
            "?node-id=" + Id128.random().hex(),
            Files.readString(work.resolve("host-peer.csr")),
            TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<X509Certificate> chain = chain(response.body());
    Files.writeString(work.resolve("host-peer.pem"), pem(chain.get(0)));
    Files.writeString(work.resolve("peer-ca.pem"), pem(chain.get(1)));
    Files.writeString(work.resolve("ca.pem"), pem(overlayCa()));
    String output =
        run(
            work,
            "openssl",
            "verify",
            "-CAfile",
            "ca.pem",
            "-untrusted",
            "peer-ca.pem",
            "host-peer.pem");
    assertThat(output).contains("host-peer.pem: OK");
    assertThat(
            run(
                work,
                "openssl",
                "verify",
                "-partial_chain",
                "-CAfile",
                "peer-ca.pem",
                "host-peer.pem"))
        .contains(": OK");
  }

  static String run(Path directory, String... command) throws Exception {
    ExternalCommand.Result result =
        ExternalCommand.run(EnrollmentIT.OPENSSL_LIMIT, directory, command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  X509Certificate enrolledClient() throws Exception {
    String user = "user" + System.nanoTime() + "@example.org";
    String json = "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpResponse<String> created =
        https.send(
            HttpRequest.newBuilder(uri("/v1/accounts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Multipart form =
        new Multipart()
            .field("username", user)
            .field("password", PASSWORD)
            .file("csr", "application/pkcs10", EnrollmentIT.p256Csr());
    HttpResponse<byte[]> enrolled =
        https.send(
            HttpRequest.newBuilder(uri("/enroll"))
                .header("Content-Type", form.contentType())
                .header("Accept", "application/pkix-cert")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(enrolled.statusCode()).isEqualTo(200);
    return EnrollmentIT.certificate(enrolled.body());
  }
}
