package org.p2psip.hostpeer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.monitor;
import static org.p2psip.hostpeer.UnitFixtures.session;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.auth.ClientCertificateCheck;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.config.HostPeerProperties.AuthMode;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.session.SessionState;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Join's decisions that need no account: the order of its refusals, joining without authentication,
 * and the CHAP challenge with its lifetime on the handler's own clock. (Checking a CHAP answer
 * against an account in Redis is {@code ChapAuthenticationIT}'s.)
 */
class JoinHandlerTest {

  static final OverlayInfo OVERLAY = new OverlayInfo(HashAlgorithm.SHA1, 7, "overlay.test");
  static final Duration CHALLENGE_LIFETIME = Duration.ofSeconds(30);

  final LocalPeer peer =
      new LocalPeer(Id128.random(), OVERLAY, InetAddress.getLoopbackAddress(), 6084);
  final AtomicLong now = new AtomicLong(5_000_000_000L);
  final Session session = session("s", 0);

  /**
   * No account store: none of these paths may look an account up (one that did would fail with a
   * NullPointerException).
   */
  JoinHandler handler(AuthMode mode, PeerStatus status, boolean requireStorage) {
    return new JoinHandler(
        peer,
        monitor(status),
        null,
        new ClientCertificateCheck(null, new SessionRegistry()),
        new HostPeerProperties.Auth(mode, CHALLENGE_LIFETIME, requireStorage, null),
        now::get);
  }

  JoinHandler handler(AuthMode mode) {
    return handler(mode, PeerStatus.GOOD, false);
  }

  static ClientInfo client() {
    return ClientInfo.of(InetAddress.getLoopbackAddress());
  }

  Message join(JoinHandler handler, Attribute... attributes) {
    Message request =
        new Message(Header.clientRequest(MessageType.JOIN, 1), List.<Attribute>of(attributes));
    return handler.handle(session, request).block();
  }

  static int code(Message answer) {
    return answer.response().code();
  }

  @Test
  void withoutAuthenticationAnyoneJoinsWithARandomNodeIdAndTheirStorageIsNoted() {
    Message answer =
        join(
            handler(AuthMode.NONE), ClientInfo.withStorage(InetAddress.getLoopbackAddress(), 4096));
    assertThat(code(answer)).isEqualTo(200);
    assertThat(answer.first(PeerInfo.class)).isEqualTo(peer.description());
    assertThat(session.joined()).isTrue();
    assertThat(session.nodeId()).isNotNull();
    assertThat(session.userName()).isNull();
    assertThat(session.contributedStorage()).isEqualTo(4096L);
  }

  @Test
  void desOrRc4IsRefusedFirstWithUseTls() {
    for (Security.CryptoType crypto : List.of(Security.CryptoType.DES, Security.CryptoType.RC4)) {
      Message answer =
          join(
              handler(AuthMode.NONE, PeerStatus.OVERLAY_SERVICE_INTERRUPT, true),
              client(),
              new Security(Security.AuthType.NONE, crypto, null, null, null),
              new OverlayInfo(HashAlgorithm.SHA1, 8, "elsewhere"));
      assertThat(code(answer)).isEqualTo(409);
      assertThat(answer.response().subCode()).isEqualTo(RejectCodes.USE_TLS);
    }
    assertThat(session.joined()).isFalse();
  }

  @Test
  void anotherOverlayNamedOnItsOwnOrInsideClientIsRefused() {
    JoinHandler handler = handler(AuthMode.NONE, PeerStatus.BUSY, false);
    for (OverlayInfo other :
        List.of(
            new OverlayInfo(HashAlgorithm.SHA1, 8, "overlay.test"),
            new OverlayInfo(HashAlgorithm.SHA1, 7, "other.test"),
            new OverlayInfo(HashAlgorithm.RAW, 7, "overlay.test"))) {
      Message alone = join(handler, client(), other);
      assertThat(code(alone)).isEqualTo(409);
      assertThat(alone.response().subCode()).isEqualTo(RejectCodes.WRONG_OVERLAY);
      Message nested =
          join(handler, new ClientInfo(null, Octets.of(new byte[] {127, 0, 0, 1}), List.of(other)));
      assertThat(nested.response().subCode()).isEqualTo(RejectCodes.WRONG_OVERLAY);
    }
  }

  @Test
  void ourOverlayWithOrWithoutItsNameIsAccepted() {
    JoinHandler handler = handler(AuthMode.NONE);
    assertThat(code(join(handler, client(), OVERLAY))).isEqualTo(200);
    assertThat(code(join(handler, client(), new OverlayInfo(HashAlgorithm.SHA1, 7, ""))))
        .isEqualTo(200);
  }

  @Test
  void aPeerWithoutItsStoreOrBusyDefersTheJoin() {
    assertThat(
            code(
                join(
                    handler(AuthMode.NONE, PeerStatus.OVERLAY_SERVICE_INTERRUPT, false), client())))
        .isEqualTo(432);
    assertThat(code(join(handler(AuthMode.NONE, PeerStatus.BUSY, false), client()))).isEqualTo(410);
    assertThat(session.joined()).isFalse();
  }

  @Test
  void requiredContributedStorageMustBeOffered() {
    JoinHandler handler = handler(AuthMode.NONE, PeerStatus.GOOD, true);
    assertThat(code(join(handler, client()))).isEqualTo(406);
    assertThat(session.joined()).isFalse();
    assertThat(code(join(handler, ClientInfo.withStorage(InetAddress.getLoopbackAddress(), 1))))
        .isEqualTo(200);
  }

  @Test
  void certificateModeRefusesAClientWithoutOne() {
    assertThat(code(join(handler(AuthMode.CERTIFICATE), client()))).isEqualTo(405);
    assertThat(session.joined()).isFalse();
  }

  @Test
  void chapAsksWithAFreshChallengeValidForItsLifetimeOnTheHandlersClock() {
    JoinHandler handler = handler(AuthMode.CHAP);
    Message first = join(handler, client());
    assertThat(code(first)).isEqualTo(404);
    Security demand = first.first(Security.class);
    assertThat(demand.authType()).isEqualTo(Security.AuthType.CHAP);
    assertThat(demand.challenge().length()).isEqualTo(32);
    assertThat(session.state()).isEqualTo(SessionState.CHALLENGED);
    assertThat(join(handler, client()).first(Security.class).challenge())
        .as("a new challenge each time")
        .isNotEqualTo(demand.challenge());

    Session other = session("other", 0);
    Octets issued =
        handler
            .handle(
                other, new Message(Header.clientRequest(MessageType.JOIN, 2), List.of(client())))
            .block()
            .first(Security.class)
            .challenge();
    assertThat(Octets.wrap(other.takeChallenge(now.get() + CHALLENGE_LIFETIME.toNanos() - 1)))
        .as("valid until its lifetime ends")
        .isEqualTo(issued);
    Session late = session("late", 0);
    handler
        .handle(late, new Message(Header.clientRequest(MessageType.JOIN, 3), List.of(client())))
        .block();
    assertThat(late.takeChallenge(now.get() + CHALLENGE_LIFETIME.toNanos()))
        .as("and not from then on")
        .isNull();
  }

  @Test
  void aChapAnswerAfterTheChallengeExpiredFailsWithoutLookingTheAccountUp() {
    JoinHandler handler = handler(AuthMode.CHAP);
    assertThat(code(join(handler, client()))).isEqualTo(404);
    now.addAndGet(CHALLENGE_LIFETIME.toNanos());

    Message late =
        join(
            handler,
            client(),
            Security.chapResponse("alice@example.org", Octets.wrap(new byte[32])));
    assertThat(code(late)).isEqualTo(405);
    assertThat(session.joined()).isFalse();
    assertThat(session.state()).isEqualTo(SessionState.CONNECTED);
  }

  @Test
  void aChapAnswerWithoutAChallengeFails() {
    Message answer =
        join(
            handler(AuthMode.CHAP),
            client(),
            Security.chapResponse("alice@example.org", Octets.wrap(new byte[32])));
    assertThat(code(answer)).isEqualTo(405);
  }

  @Test
  void papWithoutTlsAndAuthTypeNoneFailInChapMode() {
    JoinHandler handler = handler(AuthMode.CHAP);
    Message pap =
        join(
            handler,
            client(),
            new Security(
                Security.AuthType.PAP,
                Security.CryptoType.NONE,
                "alice@example.org",
                Octets.utf8("secret"),
                null));
    assertThat(code(pap)).isEqualTo(405);
    Message none =
        join(
            handler,
            client(),
            new Security(
                Security.AuthType.NONE, Security.CryptoType.NONE, "alice@example.org", null, null));
    assertThat(code(none)).isEqualTo(405);
    assertThat(session.joined()).isFalse();
  }
}
