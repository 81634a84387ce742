package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No account, conference or certificate ever becomes a second identity for a resource: every
 * disguise of an existing name (a scheme, whitespace, control characters, letter case, a trailing
 * dot), sent through each path that creates a name (self-registration, the operator API, conference
 * certificates), is refused or resolves to that very account; an account and a conference never
 * share a Resource-ID, even when created at the same moment. Real HTTP, real Redis.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.enrollment.overlay-name=names.test",
      "p2psip.enrollment.operator-token=" + PlainClient.OPERATOR_TOKEN,
      "p2psip.enrollment.accounts.self-registration=true",
      "p2psip.enrollment.accounts.verifier-iterations=1000",
      "p2psip.enrollment.accounts.max-failed-logins-per-user=100000",
      "p2psip.enrollment.accounts.max-failed-logins-per-address=100000"
    })
class UserNamesIT extends RedisBackedTest {

  static final String PASSWORD = "the right password";
  static final String OTHER_PASSWORD = "another password";

  @LocalServerPort int port;
  @Autowired ReactiveStringRedisTemplate redis;
  PlainClient client;

  @DynamicPropertySource
  static void developmentCa(DynamicPropertyRegistry registry) throws Exception {
    var directory = Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", directory::toString);
  }

  static final ExecutorService RACERS = Executors.newFixedThreadPool(8);

  @AfterAll
  static void stopRacers() {
    RACERS.shutdownNow();
  }

  @BeforeEach
  void client() {
    client = new PlainClient(port);
  }

  /** Every way of writing {@code name} that the Resource-ID computation or a reader may ignore. */
  static List<String> disguisesOf(String name) {
    List<String> disguised = new ArrayList<>();
    for (String scheme : List.of("sip:", "SIP:", "Sip:", "sips:", "tel:", "mailto:", "urn:x:")) {
      disguised.add(scheme + name);
    }
    for (String space :
        List.of(
            " ", "\t", "\n", "\r\n", "\u000b", "\u000c", "\u00a0", "\u2028", "\u200b", "\ufeff")) {
      disguised.add(space + name);
      disguised.add(name + space);
      disguised.add(name.replace("@", space + "@"));
    }
    for (String control : List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u0085")) {
      disguised.add(name + control);
      disguised.add(control + name);
      disguised.add(name.replace("@", "@" + control));
    }
    disguised.add(name + ".");
    disguised.add("<" + name + ">");
    disguised.add("\"" + name + "\"");
    disguised.add(name.replace("@", "%40"));
    disguised.add(name.replace("k", "\u212a")); // Kelvin sign: lower-cases to k outside ASCII
    return disguised;
  }

  /** Letter-case variants: the same name, never a second one. */
  static List<String> casesOf(String name) {
    return List.of(
        name.toUpperCase(Locale.ROOT),
        Character.toUpperCase(name.charAt(0)) + name.substring(1),
        name.replace("example.org", "Example.ORG"));
  }

  @Test
  void noDisguiseOfAnAccountBecomesASecondIdentity() throws Exception {
    String alice = "alice-k" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(alice, PASSWORD).statusCode()).isEqualTo(201);

    for (String disguise : disguisesOf(alice)) {
      String shown = PasswordLogins.printable(disguise);
      HttpResponse<byte[]> registration = client.enroll(disguise, OTHER_PASSWORD, Map.of());
      assertThat(registration.statusCode()).as("self-registration of " + shown).isEqualTo(403);
      assertThat(client.createAccount(disguise, OTHER_PASSWORD).statusCode())
          .as("operator API for " + shown)
          .isEqualTo(400);
      assertThat(client.conference(alice, PASSWORD, disguise).statusCode())
          .as("conference certificate for " + shown)
          .isEqualTo(403);
    }
    for (String variant : casesOf(alice)) {
      assertThat(client.enroll(variant, OTHER_PASSWORD, Map.of()).statusCode())
          .as("self-registration of " + variant + " is a login to " + alice)
          .isEqualTo(403);
      assertThat(client.createAccount(variant, OTHER_PASSWORD).statusCode())
          .as("operator API for " + variant)
          .isEqualTo(409);
      assertThat(client.conference(alice, PASSWORD, "sip:" + variant).statusCode())
          .as("conference named like the account " + variant)
          .isEqualTo(403);
      // the right password under any letter case is alice, certified under her one name
      CertificateIdentity identity =
          CertificateIdentity.of(
              PlainClient.certificate(client.enroll(variant, PASSWORD, Map.of())));
      assertThat(identity.userName()).isEqualTo(alice);
    }
    assertThat(accountsLike(alice)).containsExactly("enroll:account:{" + alice + "}");
  }

  @Test
  void aSelfRegisteredNameIsStoredAndCertifiedInItsCanonicalForm() throws Exception {
    String given = "Bob.Smith+" + System.nanoTime() + "@Example.ORG";
    CertificateIdentity identity =
        CertificateIdentity.of(PlainClient.certificate(client.enroll(given, PASSWORD, Map.of())));
    String canonical = given.toLowerCase(Locale.ROOT);
    assertThat(identity.userName()).isEqualTo(canonical);
    assertThat(UserNames.isCanonical(identity.userName())).isTrue();
    assertThat(accountsLike(canonical)).containsExactly("enroll:account:{" + canonical + "}");
  }

  @Test
  void aConferenceNameIsNeverAnAccountAndAnAccountNameNeverAConference() throws Exception {
    String creator = "creator" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(creator, PASSWORD).statusCode()).isEqualTo(201);
    String team = "team" + System.nanoTime() + "@example.org";
    PlainClient.certificate(client.conference(creator, PASSWORD, "sip:" + team));

    HttpResponse<byte[]> selfRegistered = client.enroll(team, PASSWORD, Map.of());
    assertThat(selfRegistered.statusCode()).isEqualTo(403);
    assertThat(PlainClient.text(selfRegistered)).isEqualTo("username_not_available");
    assertThat(client.createAccount(team, PASSWORD).statusCode()).isEqualTo(409);
    assertThat(client.createAccount(team.toUpperCase(Locale.ROOT), PASSWORD).statusCode())
        .isEqualTo(409);

    String carol = "carol" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(carol, PASSWORD).statusCode()).isEqualTo(201);
    HttpResponse<byte[]> conference = client.conference(creator, PASSWORD, "sip:" + carol);
    assertThat(PlainClient.text(conference)).isEqualTo("username_not_available");
  }

  @Test
  void anAccountAndAConferenceCreatedAtOnceNeverBothGetTheName() throws Exception {
    String creator = "racer" + System.nanoTime() + "@example.org";
    assertThat(client.createAccount(creator, PASSWORD).statusCode()).isEqualTo(201);
    for (int round = 0; round < 10; round++) {
      String contested = "contested" + round + "-" + System.nanoTime() + "@example.org";
      List<Callable<Integer>> racers =
          List.of(
              () -> client.enroll(contested, PASSWORD, Map.of()).statusCode(),
              () -> client.conference(creator, PASSWORD, "sip:" + contested).statusCode(),
              () -> client.createAccount(contested, PASSWORD).statusCode() == 201 ? 200 : 403,
              () -> client.conference(creator, PASSWORD, contested).statusCode());
      List<Future<Integer>> outcomes = RACERS.invokeAll(racers);
      boolean account = outcomes.get(0).get() == 200 || outcomes.get(2).get() == 200;
      boolean conference = outcomes.get(1).get() == 200 || outcomes.get(3).get() == 200;
      assertThat(account && conference)
          .as("round " + round + ": account and conference both certified for " + contested)
          .isFalse();
      assertThat(account || conference).as("round " + round + ": someone got it").isTrue();
      String holder =
          redis
              .opsForValue()
              .get("enroll:resource:{" + ResourceIds.of(contested).hex() + "}")
              .block();
      assertThat(holder).isEqualTo((account ? "account:" : "conference:") + contested);
    }
  }

  /** Account keys whose name equals {@code name} ignoring case: exactly one may exist. */
  List<String> accountsLike(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return redis
        .scan(ScanOptions.scanOptions().match("enroll:account:{*").count(1000).build())
        .filter(
            key -> key.toLowerCase(Locale.ROOT).contains(lower.substring(0, lower.indexOf('@'))))
        .collectList()
        .block();
  }
}
