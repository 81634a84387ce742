package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Behind the gateway every request comes from the gateway's address: the failed-login throttle, the
 * audit trail and the logs use the client address the gateway forwards signed, so that fifty bad
 * passwords from one client never lock out everyone else; an address header the gateway did not
 * sign is refused. Real HTTP, real Redis.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.enrollment.overlay-name=address.test",
      "p2psip.enrollment.operator-token=" + PlainClient.OPERATOR_TOKEN,
      "p2psip.enrollment.accounts.verifier-iterations=1000",
      "p2psip.enrollment.accounts.max-failed-logins-per-user=100000",
      "p2psip.enrollment.accounts.max-failed-logins-per-address=3",
      "p2psip.enrollment.gateway.forwarding-secret=" + GatewayAddressIT.SECRET
    })
class GatewayAddressIT extends RedisBackedTest {

  static final String SECRET = "the-secret-this-test-shares-with-the-gateway!";
  static final String PASSWORD = "the right password";

  @LocalServerPort int port;
  @Autowired ReactiveStringRedisTemplate redis;
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

  /** The headers the gateway sets for a POST to /enroll from {@code address}. */
  static Map<String, String> fromGateway(String address) {
    return Map.of(
        GatewayForwarding.ADDRESS_HEADER,
        address,
        GatewayForwarding.SIGNATURE_HEADER,
        new GatewayForwarding(SECRET.getBytes(StandardCharsets.UTF_8))
            .sign(
                Instant.now(), "POST", "/enroll", new GatewayForwarding.Forwarded(address, null)));
  }

  String newAccount() throws Exception {
    String user = "user" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(user, PASSWORD).statusCode()).isEqualTo(201);
    return user;
  }

  @Test
  void oneClientsFailuresBlockThatClientOnlyAndTheAuditNamesTheClient() throws Exception {
    String mallory = "198.51.100." + (System.nanoTime() % 200 + 1);
    String alice = "2001:db8::" + Long.toHexString(System.nanoTime() % 0xffff);
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> failed = client.enroll(newAccount(), "wrong", fromGateway(mallory));
      assertThat(PlainClient.text(failed)).isEqualTo("failed_authentication");
    }
    // mallory is now blocked, even with a right password
    String victim = newAccount();
    assertThat(PlainClient.text(client.enroll(victim, PASSWORD, fromGateway(mallory))))
        .isEqualTo("failed_authentication");
    // everyone else behind the same gateway is not: another client, and the gateway itself
    PlainClient.certificate(client.enroll(victim, PASSWORD, fromGateway(alice)));
    PlainClient.certificate(client.enroll(newAccount(), PASSWORD, Map.of()));

    var audit =
        redis
            .opsForStream()
            .reverseRange(AuditTrail.STREAM, Range.unbounded())
            .filter(entry -> victim.equals(entry.getValue().get("user")))
            .blockFirst();
    assertThat(audit).isNotNull();
    assertThat(audit.getValue()).containsEntry("address", alice);
  }

  @Test
  void anAddressTheGatewayDidNotSignIsRefused() throws Exception {
    String user = newAccount();
    HttpResponse<byte[]> unsigned =
        client.enroll(user, PASSWORD, Map.of(GatewayForwarding.ADDRESS_HEADER, "203.0.113.1"));
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(PlainClient.text(unsigned)).contains("not signed by the gateway (UNSIGNED)");

    Map<String, String> signed = fromGateway("203.0.113.1");
    HttpResponse<byte[]> otherAddress =
        client.enroll(
            user,
            PASSWORD,
            Map.of(
                GatewayForwarding.ADDRESS_HEADER,
                "203.0.113.2",
                GatewayForwarding.SIGNATURE_HEADER,
                signed.get(GatewayForwarding.SIGNATURE_HEADER)));
    assertThat(otherAddress.statusCode()).isEqualTo(403);
    assertThat(PlainClient.text(otherAddress)).contains("FORGED");

    String other = "another-secret-of-32-bytes-or-more-here";
    HttpResponse<byte[]> foreign =
        client.enroll(
            user,
            PASSWORD,
            Map.of(
                GatewayForwarding.ADDRESS_HEADER,
                "203.0.113.1",
                GatewayForwarding.SIGNATURE_HEADER,
                new GatewayForwarding(other.getBytes(StandardCharsets.UTF_8))
                    .sign(
                        Instant.now(),
                        "POST",
                        "/enroll",
                        new GatewayForwarding.Forwarded("203.0.113.1", null))));
    assertThat(foreign.statusCode()).isEqualTo(403);

    // even signed, what is not an address never becomes a Redis key or a log line
    HttpResponse<byte[]> notAnAddress =
        client.enroll(user, PASSWORD, fromGateway("enroll:fail:addr:{x} *"));
    assertThat(notAnAddress.statusCode()).isEqualTo(403);
    assertThat(PlainClient.text(notAnAddress)).contains("not an address");
  }
}
