package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.p2psip.client.delegation.DelegationIssuer;
import org.p2psip.client.registry.EntryCheck;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Focus delegations over real HTTP and Redis (docs/protocol-notes.md, "Focus delegation"): a focus
 * writes its own entry with its own key through the owner's delegation, readers check the chain as
 * the registry does, every broken link is Forbidden and stores nothing, and an owner's tombstone
 * revokes the delegation until a newer one is issued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FocusDelegationIT extends RedisBackedTest {

  static final OverlayPki PKI = OverlayPki.withTrustFiles("Delegation Test CA");
  static final OverlayPki OTHER_CA = OverlayPki.withTrustFiles("Another CA");
  static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());

  /** Wall-clock storage times, strictly increasing as one writer's clock gives them. */
  static long now() {
    return CLOCK.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
  }

  @DynamicPropertySource
  static void trust(DynamicPropertyRegistry registry) {
    registry.add("p2psip.registry.trust.ca-certificate", PKI::caFile);
  }

  @LocalServerPort int port;

  record Answer(int status, JsonNode body) {}

  /** One conference: its owner's certificate and a focus member with its own certificate. */
  record Conference(String uri, OverlayPki.Signer owner, OverlayPki.Signer member) {

    DelegationIssuer issuer(Clock clock) {
      return new DelegationIssuer(owner.keys().getPrivate(), owner.certificate(), clock);
    }

    FocusDelegation delegation() {
      return issuer(Clock.systemUTC()).issue(member.certificate(), Duration.ofHours(1));
    }
  }

  static Conference conference() throws Exception {
    String uri = "conf-" + UUID.randomUUID() + "@example.org";
    return new Conference(
        uri, PKI.signer(uri), PKI.signer("member-" + UUID.randomUUID() + "@example.org"));
  }

  static RegistryEntry entry(
      String uri, java.security.PrivateKey key, FocusDelegation delegation, Id128 at) {
    return entry(uri, key, delegation, at, value());
  }

  static RegistryEntry entry(
      String uri,
      java.security.PrivateKey key,
      FocusDelegation delegation,
      Id128 at,
      byte[] value) {
    return new EntrySigner(key, delegation)
        .sign(ResourceIds.of(uri), Kind.DISCO_REGISTRATION, at, value, now(), 600);
  }

  static byte[] value() {
    return new DisCoRegistration.FocusUri(Coordinate.of(1, 2), "sip:delegated@192.0.2.7").encode();
  }

  Answer store(String uri, String kind, Object entry) {
    return WebClient.create("http://127.0.0.1:" + port)
        .post()
        .uri("/v1/resources/{r}/store", "sip:" + uri)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("kinds", List.of(Map.of("kind", kind, "entries", List.of(entry)))))
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(JsonNode.class)
                    .map(body -> new Answer(response.statusCode().value(), body)))
        .block(Duration.ofSeconds(30));
  }

  ApiTypes.FetchResponse fetch(String uri) {
    return WebClient.create("http://127.0.0.1:" + port)
        .get()
        .uri("/v1/resources/{r}/kinds/disco", "sip:" + uri)
        .retrieve()
        .bodyToMono(ApiTypes.FetchResponse.class)
        .block(Duration.ofSeconds(10));
  }

  static void assertForbidden(Answer answer, String why) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(403);
    assertThat(answer.body().get("reloadError").asInt()).isEqualTo(2);
    assertThat(answer.body().get("detail").asString()).contains(why);
  }

  @Test
  void aFocusWritesItsOwnEntryWithItsOwnKeyAndReadersCheckTheChainThemselves() throws Exception {
    Conference conference = conference();
    FocusDelegation delegation = conference.delegation();
    assertThat(delegation.nodeId()).isEqualTo(conference.member().nodeId());

    Answer stored =
        store(
            conference.uri(),
            "disco",
            entry(
                conference.uri(),
                conference.member().keys().getPrivate(),
                delegation,
                conference.member().nodeId()));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);

    ApiTypes.Entry fetched = fetch(conference.uri()).entries().get(0);
    Base64.Encoder b64 = Base64.getEncoder();
    assertThat(fetched.certificate())
        .isEqualTo(b64.encodeToString(delegation.delegation().getEncoded()));
    assertThat(fetched.chain())
        .containsExactly(
            b64.encodeToString(conference.owner().certificate().getEncoded()),
            b64.encodeToString(conference.member().certificate().getEncoded()));
    RegistryEntry read =
        new RegistryEntry(
            fetched.key(),
            fetched.exists(),
            fetched.value(),
            fetched.storageTime(),
            fetched.lifetime(),
            fetched.signature(),
            fetched.certificate(),
            fetched.chain());
    assertThat(
            EntryCheck.problem(
                conference.uri(), Kind.DISCO_REGISTRATION, read, PKI.root.ca.certificate()))
        .isNull();
    // a reader trusting another CA does not take it
    assertThat(
            EntryCheck.problem(
                conference.uri(), Kind.DISCO_REGISTRATION, read, OTHER_CA.root.ca.certificate()))
        .contains("not issued by the overlay CA");
    // entries signed with the owner's own certificate carry no chain
    assertThat(
            store(
                    conference.uri(),
                    "disco",
                    conference
                        .owner()
                        .entry(
                            conference.uri(),
                            Kind.DISCO_REGISTRATION,
                            conference.owner().nodeId(),
                            value(),
                            now(),
                            600))
                .status())
        .isEqualTo(200);
    assertThat(fetch(conference.uri()).entries())
        .filteredOn(e -> e.key().equals(conference.owner().nodeId().hex()))
        .singleElement()
        .satisfies(e -> assertThat(e.chain()).isNull());
  }

  @Test
  void everyBrokenLinkOfTheChainIsForbiddenAndStoresNothing() throws Exception {
    Conference conference = conference();
    String uri = conference.uri();
    var focusKey = conference.member().keys().getPrivate();
    Id128 nodeId = conference.member().nodeId();

    // signed with another conference's key
    Conference other = conference();
    FocusDelegation foreign =
        other
            .issuer(Clock.systemUTC())
            .issue(conference.member().certificate(), Duration.ofHours(1));
    assertForbidden(
        store(
            uri,
            "disco",
            entry(
                uri,
                focusKey,
                new FocusDelegation(
                    foreign.delegation(),
                    conference.owner().certificate(),
                    conference.member().certificate()),
                nodeId)),
        "not signed with the conference certificate's key");

    // a whole chain for another conference, written here
    assertForbidden(
        store(uri, "disco", entry(uri, focusKey, foreign, nodeId)),
        "not this resource's (USER-MATCH)");

    // expired
    FocusDelegation expired =
        conference
            .issuer(Clock.offset(Clock.systemUTC(), Duration.ofHours(-3)))
            .issue(conference.member().certificate(), Duration.ofHours(1));
    assertForbidden(
        store(uri, "disco", entry(uri, focusKey, expired, nodeId)),
        "the delegation is not valid now");

    // a key that is not the delegated Node-ID
    assertForbidden(
        store(uri, "disco", entry(uri, focusKey, conference.delegation(), Id128.random())),
        "not the delegated Node-ID");

    // a chain to another CA: the conference and the member enrolled elsewhere
    OverlayPki.Signer elsewhereOwner = OTHER_CA.signer(uri);
    OverlayPki.Signer elsewhereMember = OTHER_CA.signer("m-" + UUID.randomUUID() + "@example.org");
    FocusDelegation elsewhere =
        new DelegationIssuer(
                elsewhereOwner.keys().getPrivate(), elsewhereOwner.certificate(), Clock.systemUTC())
            .issue(elsewhereMember.certificate(), Duration.ofHours(1));
    assertForbidden(
        store(
            uri,
            "disco",
            entry(uri, elsewhereMember.keys().getPrivate(), elsewhere, elsewhereMember.nodeId())),
        "conference certificate is not issued by the overlay CA");

    // the focus's certificate of somebody else: its key is not the delegated one
    OverlayPki.Signer stranger = PKI.signer("s-" + UUID.randomUUID() + "@example.org");
    FocusDelegation delegation = conference.delegation();
    assertForbidden(
        store(
            uri,
            "disco",
            entry(
                uri,
                focusKey,
                new FocusDelegation(
                    delegation.delegation(),
                    conference.owner().certificate(),
                    stranger.certificate()),
                nodeId)),
        "the delegation's key is not the focus certificate's");

    // signed with a key that is not the delegated one
    assertForbidden(
        store(uri, "disco", entry(uri, stranger.keys().getPrivate(), delegation, nodeId)),
        "the signature does not verify");

    // a chain is only for DISCO-REGISTRATION, and is exactly two certificates
    RegistryEntry good = entry(uri, focusKey, delegation, nodeId);
    Answer sip = store(uri, "sip-registration", good);
    assertThat(sip.status()).as(sip.body().toString()).isEqualTo(400);
    RegistryEntry shortChain =
        new RegistryEntry(
            good.key(),
            good.exists(),
            good.value(),
            good.storageTime(),
            good.lifetime(),
            good.signature(),
            good.certificate(),
            good.chain().subList(0, 1));
    Answer malformed = store(uri, "disco", shortChain);
    assertThat(malformed.status()).as(malformed.body().toString()).isEqualTo(400);
    assertThat(malformed.body().get("reloadError").asInt()).isEqualTo(20);

    assertThat(fetch(uri).generation()).isZero();
    assertThat(fetch(uri).entries()).isEmpty();
  }

  @Test
  void anOwnersTombstoneRevokesTheDelegationUntilANewerOneIsIssued() throws Exception {
    Conference conference = conference();
    String uri = conference.uri();
    var focusKey = conference.member().keys().getPrivate();
    Id128 nodeId = conference.member().nodeId();
    FocusDelegation delegation = conference.delegation();
    assertThat(store(uri, "disco", entry(uri, focusKey, delegation, nodeId)).status())
        .isEqualTo(200);

    // the owner deletes the focus's entry: the delegation is over
    long revokedAt = now();
    Answer tombstone =
        store(
            uri,
            "disco",
            conference.owner().entry(uri, Kind.DISCO_REGISTRATION, nodeId, null, revokedAt, 3600));
    assertThat(tombstone.status()).as(tombstone.body().toString()).isEqualTo(200);
    assertForbidden(
        store(uri, "disco", entry(uri, focusKey, delegation, nodeId)), "which revokes it");
    assertThat(fetch(uri).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.exists()).isFalse());

    // a delegation issued after the tombstone writes the key again
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli() > revokedAt);
    FocusDelegation renewed = conference.delegation();
    Answer again = store(uri, "disco", entry(uri, focusKey, renewed, nodeId));
    assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
    assertThat(fetch(uri).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.exists()).isTrue());
  }
}
