package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.RegistryRefusal;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestPki;
import org.p2psip.testsupport.TestRedis;

/**
 * A revocation reaches every service that checks certificates within seconds, by announcement
 * alone: the enrollment service (HTTPS, development CA), the registry and a host peer (CERTIFICATE
 * mode, TLS with client certificates required, its bundle trusting the overlay CA), each its
 * packaged jar in its own process, both following the enrollment service over HTTPS with a CRL
 * refresh of an hour. A user enrolled through the SDK stores a signed DisCo registration and joins
 * the host peer with the certificate as TLS client certificate; once the operator revokes it, the
 * peer closes the open session, a new Join with it is refused (405), the registry refuses the next
 * write signed with it (403), and the CRL lists it, while another user's certificate still joins
 * and stores.
 */
class RevocationPropagationIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String OVERLAY = "revocation-" + RUN + ".test";
  static final Duration PROPAGATION = Duration.ofSeconds(15);
  static final List<ServiceProcess> PROCESSES = new ArrayList<>();
  static final AtomicLong LAST_STORAGE_TIME = new AtomicLong();

  static HttpClient https;
  static URI enrollment;
  static RegistryClient registry;
  static int peerPort;
  static TestPki tls;

  static ServiceProcess started(ServiceProcess process) {
    PROCESSES.add(process);
    return process;
  }

  @BeforeAll
  static void startEnrollmentRegistryAndAHostPeer() throws Exception {
    String redis = TestRedis.url();
    Path work = Files.createTempDirectory("p2psip-revocation");
    tls = new TestPki("Revocation TLS CA");
    TestPki.Issued server = tls.server();
    Path cert = TestPki.pem(work, "server.pem", server.certificate());
    Path key = TestPki.pem(work, "server-key.pem", server.keys());
    Path tlsCa = TestPki.pem(work, "tls-ca.pem", tls.ca.certificate());
    https = HttpClients.trusting(tlsCa);

    int enrollPort = ServiceProcess.freePort();
    int registryPort = ServiceProcess.freePort();
    peerPort = ServiceProcess.freePort();
    enrollment = URI.create("https://127.0.0.1:" + enrollPort);
    URI registryUri = URI.create("http://127.0.0.1:" + registryPort);
    registry = new RegistryClient(https, registryUri);

    ServiceProcess enrollmentService =
        started(
            ServiceProcess.start(
                "revocation-enrollment",
                "enrollment-service",
                "https",
                enrollPort,
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--spring.profiles.active=dev",
                    "--p2psip.enrollment.overlay-name=" + OVERLAY,
                    "--p2psip.enrollment.ca.generate-in=" + work.resolve("ca"),
                    "--p2psip.enrollment.accounts.verifier-iterations=1000",
                    "--p2psip.enrollment.registry.url=" + registryUri,
                    "--server.ssl.bundle=tls",
                    "--spring.ssl.bundle.pem.tls.keystore.certificate=file:" + cert,
                    "--spring.ssl.bundle.pem.tls.keystore.private-key=file:" + key)));
    // the refresh of an hour: only the announcement can make a revocation known in this test
    ServiceProcess registryService =
        started(
            ServiceProcess.start(
                "revocation-registry",
                "disco-registry-service",
                "http",
                registryPort,
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--p2psip.registry.trust.enrollment-url=" + enrollment,
                    "--p2psip.registry.trust.enrollment-ssl-bundle=enrollment",
                    "--p2psip.registry.trust.refresh=1h",
                    "--spring.ssl.bundle.pem.enrollment.truststore.certificate=file:" + tlsCa)));
    // the host peer's TLS trusts the overlay CA the enrollment service makes when it first starts
    enrollmentService.awaitUp(https, Duration.ofSeconds(150));
    Path overlayCa = work.resolve("ca").resolve("ca.pem");
    ServiceProcess hostPeer =
        started(
            ServiceProcess.start(
                "revocation-host-peer",
                "host-peer-service",
                "http",
                ServiceProcess.freePort(),
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--p2psip.host-peer.bind-address=127.0.0.1",
                    "--p2psip.host-peer.port=" + peerPort,
                    "--p2psip.host-peer.overlay.name=" + OVERLAY,
                    "--p2psip.host-peer.auth.mode=CERTIFICATE",
                    "--p2psip.host-peer.tls.enabled=true",
                    "--p2psip.host-peer.tls.bundle=host-peer",
                    "--p2psip.host-peer.tls.client-auth=REQUIRED",
                    "--spring.ssl.bundle.pem.host-peer.keystore.certificate=file:" + cert,
                    "--spring.ssl.bundle.pem.host-peer.keystore.private-key=file:" + key,
                    "--spring.ssl.bundle.pem.host-peer.truststore.certificate=file:" + overlayCa,
                    "--p2psip.host-peer.trust.enrollment-url=" + enrollment,
                    "--p2psip.host-peer.trust.enrollment-ssl-bundle=enrollment",
                    "--p2psip.host-peer.trust.refresh=1h",
                    "--spring.ssl.bundle.pem.enrollment.truststore.certificate=file:" + tlsCa)));
    registryService.awaitUp(https, Duration.ofSeconds(150));
    hostPeer.awaitUp(https, Duration.ofSeconds(150));
  }

  @AfterAll
  static void stop() throws Exception {
    // the followers first, so that they do not log the enrollment service going away
    for (int i = PROCESSES.size() - 1; i >= 0; i--) {
      PROCESSES.get(i).close();
    }
  }

  static HttpResponse<String> operator(String path, String json) throws Exception {
    return https.send(
        HttpRequest.newBuilder(enrollment.resolve(path))
            .header("Authorization", "Bearer dev-operator-token")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An account made by the operator, enrolled through the SDK with one Node-ID. */
  static Enrollment.Enrolled enrolled(String name) throws Exception {
    String user = name + "-" + RUN + "@example.org";
    String password = name + "-" + RUN + "-secret";
    HttpResponse<String> created =
        operator(
            "/v1/accounts", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Enrollment.Enrolled enrolled =
        new Enrollment(https, enrollment).enroll(user, password, 1).block(Duration.ofSeconds(30));
    assertThat(enrolled.identity().userName()).isEqualTo(user);
    return enrolled;
  }

  /** What the registry answered a store: 200, or the refusal's status and text. */
  record Stored(int status, String detail) {}

  /**
   * Stores the user's own DisCo registration (under its user name, keyed by its Node-ID,
   * USER-MATCH) signed with its key and certificate.
   */
  static Stored store(Enrollment.Enrolled user) {
    String name = user.identity().userName();
    Id128 nodeId = user.identity().nodeIds().get(0);
    byte[] value =
        new DisCoRegistration.FocusUri(Coordinate.of(10, 20), "sip:" + name + ";transport=tcp")
            .encode();
    // every store a later storage time than the one before, however fast they follow each other
    long storageTime =
        LAST_STORAGE_TIME.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    try {
      registry
          .store(
              name,
              "disco",
              0,
              List.of(
                  new EntrySigner(user.keys().getPrivate(), user.certificate())
                      .sign(
                          ResourceIds.of(name),
                          Kind.DISCO_REGISTRATION,
                          nodeId,
                          value,
                          storageTime,
                          600)))
          .block(Duration.ofSeconds(20));
      return new Stored(200, "stored");
    } catch (RegistryRefusal refusal) {
      return new Stored(refusal.status(), refusal.getMessage());
    }
  }

  /** A TLS connection to the host peer with the user's certificate as client certificate. */
  static HostPeerClient connect(Enrollment.Enrolled user) throws Exception {
    SslContext ssl =
        SslContextBuilder.forClient()
            .trustManager(tls.ca.certificate())
            .keyManager(user.keys().getPrivate(), user.certificate())
            .build();
    return HostPeerClient.connect("127.0.0.1", peerPort, ssl, Duration.ofSeconds(10))
        .block(Duration.ofSeconds(15));
  }

  static int request(HostPeerClient session, MessageType type, Attribute... attributes) {
    Message answer =
        session.request(Message.clientRequest(type, attributes)).block(Duration.ofSeconds(15));
    return answer.response().code();
  }

  static int join(HostPeerClient session) {
    return request(session, MessageType.JOIN, ClientInfo.of(InetAddress.getLoopbackAddress()));
  }

  /** A Join's answer, and its session if that was the one wanted (else closed). */
  record Joined(int code, HostPeerClient session) {
    @Override
    public String toString() {
      return "Join answered " + code;
    }
  }

  /**
   * A new session whose Join was answered {@code code}, tried on new connections until it is; the
   * connections of other answers are closed.
   */
  static HostPeerClient session(Enrollment.Enrolled user, int code, Duration patience) {
    return await()
        .alias("a Join of " + user.identity().userName() + " answered " + code)
        .atMost(patience)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              HostPeerClient session = connect(user);
              int answer = join(session);
              if (answer != code) {
                session.close();
              }
              return new Joined(answer, session);
            },
            joined -> joined.code() == code)
        .session();
  }

  static X509CRL crl() throws Exception {
    HttpResponse<byte[]> answer =
        https.send(
            HttpRequest.newBuilder(enrollment.resolve("/crl")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    return (X509CRL)
        CertificateFactory.getInstance("X.509")
            .generateCRL(new ByteArrayInputStream(answer.body()));
  }

  @Test
  void anAnnouncedRevocationClosesTheSessionAndIsRefusedByTheHostPeerAndTheRegistry()
      throws Exception {
    Enrollment.Enrolled alice = enrolled("alice");
    Enrollment.Enrolled bob = enrolled("bob");
    BigInteger serial = alice.certificate().getSerialNumber();

    // before: alice stores and joins (the host peer defers Joins, 410, until it has read the CRL)
    assertThat(store(alice)).isEqualTo(new Stored(200, "stored"));
    HostPeerClient aliceSession = session(alice, 200, Duration.ofSeconds(60));
    HostPeerClient bobSession = session(bob, 200, PROPAGATION);
    try {
      assertThat(request(aliceSession, MessageType.KEEPALIVE)).isEqualTo(200);
      assertThat(crl().getRevokedCertificate(serial)).isNull();

      HttpResponse<String> revoked =
          operator("/v1/certificates/" + serial.toString(16) + "/revoke", "");
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      assertThat(revoked.body()).contains(serial.toString(16));

      // the host peer closes alice's open session
      await()
          .alias("the host peer closes the session of the revoked certificate")
          .atMost(PROPAGATION)
          .until(() -> !aliceSession.isOpen());
      // and refuses her next Join
      try (HostPeerClient again = session(alice, 405, PROPAGATION)) {
        assertThat(again).isNotNull();
      }
      // the registry refuses the next write signed with her certificate
      Stored refused =
          await()
              .alias("the registry refuses a store signed with the revoked certificate")
              .atMost(PROPAGATION)
              .pollInterval(Duration.ofMillis(250))
              .until(() -> store(alice), stored -> stored.status() == 403);
      assertThat(refused.detail()).contains("revoked");

      // bob is not affected: his session stays open, he joins again and stores
      assertThat(bobSession.isOpen()).as("only the revoked certificate's session").isTrue();
      assertThat(request(bobSession, MessageType.KEEPALIVE)).isEqualTo(200);
      try (HostPeerClient bobAgain = session(bob, 200, PROPAGATION)) {
        assertThat(request(bobAgain, MessageType.KEEPALIVE)).isEqualTo(200);
      }
      assertThat(store(bob)).isEqualTo(new Stored(200, "stored"));

      // the CRL the enrollment service serves now lists the serial, signed by the overlay CA
      X509CRL crl = crl();
      crl.verify(alice.configuration().root().getPublicKey());
      assertThat(crl.getRevokedCertificate(serial)).as("the CRL lists " + serial).isNotNull();
      assertThat(crl.getRevokedCertificate(bob.certificate().getSerialNumber())).isNull();
    } finally {
      aliceSession.close();
      bobSession.close();
    }
    for (ServiceProcess process : PROCESSES) {
      assertThat(process.alive()).as(process.name + " still running").isTrue();
    }
  }
}
