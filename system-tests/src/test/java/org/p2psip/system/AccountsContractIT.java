package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestRedis;

/**
 * The account record is written by the enrollment service and read by the host peer, each with its
 * own code: an account made and enrolled through the real enrollment service joins a real host peer
 * in CHAP mode through the SDK, with nothing seeded in Redis by the test. The CHAP key K (salted
 * with the overlay name both are configured with), the status and the Node-IDs are the contract.
 */
class AccountsContractIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String OVERLAY = "contract-" + RUN + ".test";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static ServiceProcess enrollmentService;
  static ServiceProcess hostPeer;
  static URI enrollment;
  static InetSocketAddress peer;

  @BeforeAll
  static void startEnrollmentAndAHostPeer() throws Exception {
    String redis = TestRedis.url();
    Path work = Files.createTempDirectory("p2psip-accounts");
    int enrollPort = ServiceProcess.freePort();
    enrollment = URI.create("http://127.0.0.1:" + enrollPort);
    enrollmentService =
        ServiceProcess.start(
            "accounts-enrollment",
            "enrollment-service",
            "http",
            enrollPort,
            List.of(
                "--spring.data.redis.url=" + redis,
                "--spring.profiles.active=dev",
                "--p2psip.enrollment.overlay-name=" + OVERLAY,
                "--p2psip.enrollment.ca.generate-in=" + work.resolve("ca"),
                "--p2psip.enrollment.accounts.verifier-iterations=1000"));
    int clientPort = ServiceProcess.freePort();
    peer = new InetSocketAddress("127.0.0.1", clientPort);
    hostPeer =
        ServiceProcess.start(
            "accounts-host-peer",
            "host-peer-service",
            "http",
            ServiceProcess.freePort(),
            List.of(
                "--spring.data.redis.url=" + redis,
                "--p2psip.host-peer.bind-address=127.0.0.1",
                "--p2psip.host-peer.port=" + clientPort,
                "--p2psip.host-peer.overlay.name=" + OVERLAY,
                "--p2psip.host-peer.auth.mode=CHAP"));
    enrollmentService.awaitUp(HTTP, Duration.ofSeconds(150));
    hostPeer.awaitUp(HTTP, Duration.ofSeconds(150));
  }

  @AfterAll
  static void stop() throws Exception {
    if (hostPeer != null) {
      hostPeer.close();
    }
    if (enrollmentService != null) {
      enrollmentService.close();
    }
  }

  static HttpResponse<String> operator(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(enrollment.resolve(path))
            .header("Authorization", "Bearer dev-operator-token")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static OverlaySession.Settings chap(String user, String password) {
    return new OverlaySession.Settings(
        null,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        ChapCredentials.derive(OVERLAY, user, password));
  }

  static Message request(OverlaySession session, MessageType type, ResourceInfo object) {
    return session.request(Message.clientRequest(type, object)).block(Duration.ofSeconds(15));
  }

  @Test
  void anAccountTheEnrollmentServiceMadeJoinsAHostPeerByChapAndStoresAsItsNodeId()
      throws Exception {
    // lower case: the canonical form of a user name
    String user = "erin-" + RUN + "@example.org";
    String password = "erin-" + RUN + "-secret";
    HttpResponse<String> created =
        operator(
            "/v1/accounts", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Enrollment.Enrolled enrolled =
        new Enrollment(HTTP, enrollment).enroll(user, password, 1).block(Duration.ofSeconds(30));
    Id128 nodeId = enrolled.identity().nodeIds().get(0);

    Id128 resource = ResourceIds.of("sip:erin-" + RUN + "@example.org");
    Octets contact = Octets.utf8("sip:erin@192.0.2.20");
    try (OverlaySession session =
        OverlaySession.open(List.of(peer), chap(user, password), event -> {})
            .block(Duration.ofSeconds(30))) {
      Message put =
          request(
              session,
              MessageType.PUT,
              ResourceInfo.put(ValueType.SIP_CONTACT_URI, resource, 600, null, contact));
      assertThat(put.response().code()).isEqualTo(200);
      Message got =
          request(
              session, MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource));
      assertThat(got.response().code()).isEqualTo(200);
      ResourceInfo found = got.first(ResourceInfo.class);
      assertThat(found.content()).isEqualTo(contact);
      assertThat(found.owner()).as("the Node-ID the enrollment service issued").isEqualTo(nodeId);
    }

    assertThatThrownBy(
            () ->
                OverlaySession.open(List.of(peer), chap(user, "not-" + password), event -> {})
                    .block(Duration.ofSeconds(30)))
        .hasMessageContaining("405");

    // the status field: an account the operator disables no longer joins
    HttpResponse<String> disabled = operator("/v1/accounts/" + user + "/disable", "");
    assertThat(disabled.statusCode()).as(disabled.body()).isLessThan(300);
    assertThatThrownBy(
            () ->
                OverlaySession.open(List.of(peer), chap(user, password), event -> {})
                    .block(Duration.ofSeconds(30)))
        .hasMessageContaining("405");
  }
}
