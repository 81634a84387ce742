package org.p2psip.hostpeer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.p2psip.hostpeer.HostPeerTestClient.code;
import static org.p2psip.hostpeer.HostPeerTestClient.loopbackClient;
import static org.p2psip.hostpeer.HostPeerTestClient.request;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.hostpeer.RawClient;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * TLS on the client port with certificates from a real CA: an overlay certificate authenticates the
 * client (its Node-ID owns what it stores), no certificate is refused in CERTIFICATE mode, a
 * certificate from another CA never completes the handshake, and plain TCP gets nothing.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.overlay.name=tls.test",
      "p2psip.host-peer.auth.mode=CERTIFICATE",
      "p2psip.host-peer.tls.enabled=true",
      "p2psip.host-peer.tls.bundle=host-peer",
      "p2psip.host-peer.tls.client-auth=OPTIONAL",
      "p2psip.host-peer.trust.refresh=1s"
    })
class ClientCertificateIT extends RedisBackedTest {

  static TestPki overlayCa;
  static TestPki otherCa;
  static Path crlFile;
  static final Set<BigInteger> REVOKED = ConcurrentHashMap.newKeySet();
  static final Id128 ALICE_NODE = Id128.random();

  @Autowired HostPeerServer server;
  @LocalServerPort int managementPort;

  @DynamicPropertySource
  static void tls(DynamicPropertyRegistry registry) throws Exception {
    overlayCa = new TestPki("Overlay CA");
    otherCa = new TestPki("Another CA");
    Path dir = Files.createTempDirectory("host-peer-tls");
    TestPki.Issued server = overlayCa.server();
    Path cert = TestPki.pem(dir, "server.pem", server.certificate());
    Path key = TestPki.pem(dir, "server-key.pem", server.keys());
    Path ca = TestPki.pem(dir, "ca.pem", overlayCa.ca.certificate());
    registry.add("spring.ssl.bundle.pem.host-peer.keystore.certificate", () -> "file:" + cert);
    registry.add("spring.ssl.bundle.pem.host-peer.keystore.private-key", () -> "file:" + key);
    registry.add("spring.ssl.bundle.pem.host-peer.truststore.certificate", () -> "file:" + ca);
    crlFile = dir.resolve("ca.crl");
    writeCrl();
    registry.add("p2psip.host-peer.trust.ca-certificate", () -> "file:" + ca);
    registry.add("p2psip.host-peer.trust.crl", () -> "file:" + crlFile);
  }

  /** The CA publishes a CRL of {@link #REVOKED} (written whole, then moved in place). */
  static void writeCrl() throws Exception {
    Path next = crlFile.resolveSibling("ca.crl.tmp");
    Files.write(next, overlayCa.crl(REVOKED).getEncoded());
    Files.move(next, crlFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  SslContext clientContext(TestPki.Issued identity) throws Exception {
    SslContextBuilder builder =
        SslContextBuilder.forClient().trustManager(overlayCa.ca.certificate());
    if (identity != null) {
      builder.keyManager(identity.keys().getPrivate(), identity.certificate());
    }
    return builder.build();
  }

  HostPeerClient connect(TestPki.Issued identity) throws Exception {
    return HostPeerClient.connect(
            "127.0.0.1", server.port(), clientContext(identity), Duration.ofSeconds(5))
        .block(Duration.ofSeconds(10));
  }

  @Test
  void overlayCertificateJoinsWithItsNodeIdAndUserName() throws Exception {
    try (HostPeerClient alice =
        connect(overlayCa.client("alice@example.org", ALICE_NODE.hex(), "tls.test"))) {
      Message joined = alice.request(request(MessageType.JOIN, loopbackClient())).block();
      assertThat(code(joined)).isEqualTo(200);
      Id128 resource = Id128.random();
      Message put =
          alice
              .request(
                  request(
                      MessageType.PUT,
                      new ResourceInfo(1, resource, 60L, null, null, Octets.utf8("sip:alice@tls"))))
              .block();
      assertThat(code(put)).isEqualTo(200);
      Message got =
          alice
              .request(
                  request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)))
              .block();
      assertThat(got.first(ResourceInfo.class).owner()).isEqualTo(ALICE_NODE);
      Message foreignOwner =
          alice
              .request(
                  request(
                      MessageType.PUT,
                      new ResourceInfo(1, resource, 60L, Id128.random(), null, Octets.utf8("x"))))
              .block();
      assertThat(code(foreignOwner)).isEqualTo(409);
    }
  }

  /**
   * The SDK's overlay session over TLS with an overlay certificate: the identity is the
   * certificate's Node-ID, the same in every session, so a later session may remove what an earlier
   * one stored (with NONE auth each session would be someone new).
   */
  @Test
  void overlaySessionsWithTheSameCertificateAreTheSameOwner() throws Exception {
    Id128 bobNode = Id128.random();
    TestPki.Issued bob = overlayCa.client("bob@example.org", bobNode.hex(), "tls.test");
    var settings =
        new OverlaySession.Settings(
            clientContext(bob), Duration.ofSeconds(30), Duration.ofSeconds(5));
    var bootstrap = List.of(new InetSocketAddress("127.0.0.1", server.port()));
    Id128 resource = Id128.random();
    Octets value = Octets.utf8("sip:bob@tls");
    try (var first =
        OverlaySession.open(bootstrap, settings, e -> {}).block(Duration.ofSeconds(10))) {
      Message put =
          first
              .request(
                  request(
                      MessageType.PUT,
                      ResourceInfo.put(ValueType.SIP_CONTACT_URI, resource, 60, null, value)))
              .block(Duration.ofSeconds(10));
      assertThat(code(put)).isEqualTo(200);
    }
    try (var second =
        OverlaySession.open(bootstrap, settings, e -> {}).block(Duration.ofSeconds(10))) {
      Message removed =
          second
              .request(
                  request(
                      MessageType.REMOVE,
                      new ResourceInfo(
                          ValueType.SIP_CONTACT_URI.code(),
                          resource,
                          null,
                          bobNode,
                          ResourceInfo.hashOf(value),
                          null)))
              .block(Duration.ofSeconds(10));
      assertThat(code(removed)).isEqualTo(200);
    }
  }

  @Test
  void aRevokedCertificateIsRefusedAndItsOpenSessionClosed() throws Exception {
    TestPki.Issued carol = overlayCa.client("carol@example.org", Id128.random().hex(), "tls.test");
    TestPki.Issued dave = overlayCa.client("dave@example.org", Id128.random().hex(), "tls.test");
    try (HostPeerClient carolSession = connect(carol);
        HostPeerClient daveSession = connect(dave)) {
      assertThat(code(carolSession.request(request(MessageType.JOIN, loopbackClient())).block()))
          .isEqualTo(200);
      assertThat(code(daveSession.request(request(MessageType.JOIN, loopbackClient())).block()))
          .isEqualTo(200);

      REVOKED.add(carol.certificate().getSerialNumber());
      writeCrl();

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> !carolSession.isOpen());
      assertThat(daveSession.isOpen()).as("only the revoked certificate's session").isTrue();
      assertThat(code(daveSession.request(request(MessageType.KEEPALIVE)).block())).isEqualTo(200);
    }
    try (HostPeerClient again = connect(carol)) {
      assertThat(code(again.request(request(MessageType.JOIN, loopbackClient())).block()))
          .as("a revoked certificate does not join again")
          .isEqualTo(405);
    }
  }

  @Test
  void healthIsUpOnceCertificatesCanBeChecked() {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              String health =
                  WebClient.create("http://127.0.0.1:" + managementPort)
                      .get()
                      .uri("/actuator/health")
                      .exchangeToMono(r -> r.bodyToMono(String.class))
                      .block(Duration.ofSeconds(10));
              // CERTIFICATE mode: UP only once the CA and CRL are read (OUT_OF_SERVICE before)
              assertThat(health).contains("\"clientCertificates\":{\"status\":\"UP\"");
            });
  }

  @Test
  void tlsWithoutACertificateIsRefusedInCertificateMode() throws Exception {
    try (HostPeerClient anonymous = connect(null)) {
      assertThat(code(anonymous.request(request(MessageType.INQUIRE)).block())).isEqualTo(200);
      assertThat(code(anonymous.request(request(MessageType.JOIN, loopbackClient())).block()))
          .isEqualTo(405);
    }
  }

  /**
   * With client auth optional the handshake may complete, but the unverifiable certificate carries
   * no identity: the Join is refused like one without a certificate. (With client auth required the
   * handshake itself fails.) Either way the client never joins.
   */
  @Test
  void certificateFromAnotherCaNeverJoins() throws Exception {
    TestPki.Issued forged = otherCa.client("alice@example.org", ALICE_NODE.hex(), "tls.test");
    Message[] answer = new Message[1];
    Throwable failure =
        catchThrowable(
            () -> {
              try (HostPeerClient mallory = connect(forged)) {
                answer[0] = mallory.request(request(MessageType.JOIN, loopbackClient())).block();
              }
            });
    if (failure == null) {
      assertThat(code(answer[0])).isEqualTo(405);
    }
  }

  @Test
  void plainTcpToTheTlsPortGetsNoProtocolAnswer() throws Exception {
    try (RawClient plain = new RawClient(server.port())) {
      plain.writeHex("10400c00000c000000000001");
      plain.timeout(2000);
      assertThat(plain.closedByPeer()).isTrue();
    }
  }
}
