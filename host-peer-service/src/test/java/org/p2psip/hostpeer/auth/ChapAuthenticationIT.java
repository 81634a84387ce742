package org.p2psip.hostpeer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.p2psip.hostpeer.HostPeerTestClient.code;
import static org.p2psip.hostpeer.HostPeerTestClient.loopbackClient;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.hostpeer.CommandLineRun;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.auth.ChapKeys;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

/**
 * CHAP as docs/protocol.md 2.3 defines it, against accounts seeded in Redis exactly where the
 * enrollment service writes them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.overlay.name=chap.test",
      "p2psip.host-peer.auth.mode=CHAP"
    })
class ChapAuthenticationIT extends RedisBackedTest {

  static final String PASSWORD = "correct horse battery staple";
  static final Id128 ALICE_NODE = Id128.random();

  @Autowired HostPeerServer server;
  @Autowired ReactiveRedisTemplate<String, byte[]> redis;
  String alice;
  String carol;

  @BeforeEach
  void seedAccounts() {
    alice = "alice-" + System.nanoTime() + "@example.org";
    carol = "carol-" + System.nanoTime() + "@example.org";
    seed(alice, "active", ALICE_NODE.hex());
    seed(carol, "disabled", "");
  }

  void seed(String user, String status, String nodeIds) {
    redis
        .<byte[], byte[]>opsForHash()
        .putAll(
            AccountStore.key(user),
            Map.of(
                bytes(AccountStore.CHAP_KEY), ChapKeys.deriveKey(PASSWORD, "chap.test", user),
                bytes(AccountStore.STATUS), bytes(status),
                bytes(AccountStore.NODE_IDS), bytes(nodeIds)))
        .block();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Octets challengeOf(Message answer) {
    assertThat(code(answer)).isEqualTo(404);
    Security demand = answer.first(Security.class);
    assertThat(demand.authType()).isEqualTo(Security.AuthType.CHAP);
    assertThat(demand.challenge().length()).isEqualTo(32);
    return demand.challenge();
  }

  static Message answerChallenge(
      HostPeerTestClient client, String user, String password, Octets challenge) {
    byte[] key = ChapKeys.deriveKey(password, "chap.test", user);
    byte[] response = ChapKeys.response(key, challenge.toByteArray());
    return client.send(
        MessageType.JOIN, loopbackClient(), Security.chapResponse(user, Octets.wrap(response)));
  }

  @Test
  void challengeThenRightAnswerJoinsWithTheAccountsNodeId() {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      Octets challenge = challengeOf(client.join());
      assertThat(code(answerChallenge(client, alice, PASSWORD, challenge))).isEqualTo(200);
      Id128 resource = Id128.random();
      assertThat(code(client.put(resource, "sip:alice@x", 60))).isEqualTo(200);
      assertThat(client.get(resource).first(ResourceInfo.class).owner()).isEqualTo(ALICE_NODE);
    }
  }

  @Test
  void wrongPasswordUnknownUserAndDisabledAccountFail() {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      assertThat(code(answerChallenge(client, alice, "wrong", challengeOf(client.join()))))
          .isEqualTo(405);
      assertThat(
              code(
                  answerChallenge(
                      client, "nobody@example.org", PASSWORD, challengeOf(client.join()))))
          .isEqualTo(405);
      assertThat(code(answerChallenge(client, carol, PASSWORD, challengeOf(client.join()))))
          .isEqualTo(405);
      assertThat(code(client.put(Id128.random(), "x", 60))).as("still not joined").isEqualTo(409);
    }
  }

  /**
   * A challenge answers one Join only. (That it also expires, after {@code challenge-lifetime} on
   * the handler's clock, is {@code JoinHandlerTest}'s, which moves that clock instead of waiting.)
   */
  @Test
  void aChallengeIsUsedOnce() {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      Octets challenge = challengeOf(client.join());
      assertThat(code(answerChallenge(client, alice, PASSWORD, challenge))).isEqualTo(200);
    }
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      Octets challenge = challengeOf(client.join());
      assertThat(code(answerChallenge(client, alice, "wrong", challenge))).isEqualTo(405);
      assertThat(code(answerChallenge(client, alice, PASSWORD, challenge)))
          .as("a challenge answers one Join only")
          .isEqualTo(405);
    }
  }

  @Test
  void aChallengeBelongsToItsConnection() {
    try (HostPeerTestClient first = new HostPeerTestClient(server.port());
        HostPeerTestClient second = new HostPeerTestClient(server.port())) {
      Octets challenge = challengeOf(first.join());
      assertThat(code(answerChallenge(second, alice, PASSWORD, challenge))).isEqualTo(405);
    }
  }

  @Test
  void papIsRefusedWithoutTls() {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      Message pap =
          client.send(
              MessageType.JOIN,
              loopbackClient(),
              new Security(
                  Security.AuthType.PAP,
                  Security.CryptoType.NONE,
                  alice,
                  Octets.utf8(PASSWORD),
                  null));
      assertThat(code(pap)).isEqualTo(405);
    }
  }

  /** The SDK's session answers the challenge itself: one Join from the caller's point of view. */
  @Test
  void anSdkSessionWithCredentialsJoinsAndStoresAsTheAccount() {
    var settings =
        new OverlaySession.Settings(
            null,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            ChapCredentials.derive("chap.test", alice, PASSWORD));
    var bootstrap = List.of(new InetSocketAddress("127.0.0.1", server.port()));
    Id128 resource = Id128.random();
    try (OverlaySession session =
        OverlaySession.open(bootstrap, settings, event -> {}).block(Duration.ofSeconds(10))) {
      Message put =
          session
              .request(
                  Message.clientRequest(
                      MessageType.PUT,
                      ResourceInfo.put(
                          ValueType.SIP_CONTACT_URI, resource, 60, null, Octets.utf8("sip:a@x"))))
              .block(Duration.ofSeconds(10));
      assertThat(code(put)).isEqualTo(200);
      Message got =
          session
              .request(
                  Message.clientRequest(
                      MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)))
              .block(Duration.ofSeconds(10));
      assertThat(got.first(ResourceInfo.class).owner()).isEqualTo(ALICE_NODE);
    }
  }

  @Test
  void anSdkSessionSaysWhyItCouldNotJoin() {
    var bootstrap = List.of(new InetSocketAddress("127.0.0.1", server.port()));
    var wrong =
        new OverlaySession.Settings(
            null,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            ChapCredentials.derive("chap.test", alice, "wrong"));
    assertThatThrownBy(() -> OverlaySession.open(bootstrap, wrong, e -> {}).block())
        .hasMessageContaining("no host peer accepted a Join")
        .hasMessageContaining("405");
    var none = new OverlaySession.Settings(null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    assertThatThrownBy(() -> OverlaySession.open(bootstrap, none, e -> {}).block())
        .hasMessageContaining("asks for CHAP credentials");
  }

  /** Runs the {@code p2psip} command line in this JVM: exit code, stdout and stderr. */
  CommandLineRun p2psip(String... args) {
    return CommandLineRun.of(args);
  }

  String[] chapAs(String user, String password, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--peers",
            "127.0.0.1:" + server.port(),
            "--home",
            Files.createTempDirectory("p2psip-home").toString(),
            "--chap",
            "--user",
            user,
            "--password",
            password,
            "--overlay",
            "chap.test"));
    return args.toArray(String[]::new);
  }

  /** The record commands over CHAP: identity across sessions, ownership, clear refusals. */
  @Test
  void theCommandLineStoresAsTheAccountAndOnlyTheOwnerRemoves() throws Exception {
    String bob = "bob-" + System.nanoTime() + "@example.org";
    seed(bob, "active", Id128.random().hex());
    String name = "sip:cli-" + System.nanoTime() + "@example.org";

    CommandLineRun put = p2psip(chapAs(alice, PASSWORD, "put", name, "sip:alice@192.0.2.1"));
    assertThat(put.exit()).as(put.err()).isZero();
    assertThat(put.out()).contains("200");
    CommandLineRun got = p2psip(chapAs(bob, PASSWORD, "get", "--json", name));
    assertThat(got.exit()).as(got.err()).isZero();
    assertThat(got.out()).contains("\"owner\":\"" + ALICE_NODE.hex() + "\"");

    CommandLineRun notBobs = p2psip(chapAs(bob, PASSWORD, "remove", name, "sip:alice@192.0.2.1"));
    assertThat(notBobs.exit()).isEqualTo(4);
    assertThat(notBobs.out()).contains("409");
    CommandLineRun alicesOwn =
        p2psip(chapAs(alice, PASSWORD, "remove", name, "sip:alice@192.0.2.1"));
    assertThat(alicesOwn.exit()).as(alicesOwn.out() + alicesOwn.err()).isZero();
    CommandLineRun gone = p2psip(chapAs(alice, PASSWORD, "remove", name, "sip:alice@192.0.2.1"));
    assertThat(gone.out()).contains("no such value");

    CommandLineRun wrong = p2psip(chapAs(alice, "wrong", "put", name, "x"));
    assertThat(wrong.exit()).isEqualTo(5);
    assertThat(wrong.err()).contains("405");
    CommandLineRun anonymous = p2psip("put", "--peers", "127.0.0.1:" + server.port(), name, "x");
    assertThat(anonymous.exit()).isEqualTo(5);
    assertThat(anonymous.err()).contains("asks for CHAP credentials");
    CommandLineRun noPassword =
        p2psip(
            "put", "--peers", "127.0.0.1:" + server.port(), "--chap", "--user", alice, name, "x");
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err()).contains("--chap needs --password");
  }
}
