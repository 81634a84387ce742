package org.p2psip.hostpeer.handler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.auth.Account;
import org.p2psip.hostpeer.auth.AccountStore;
import org.p2psip.hostpeer.auth.ClientCertificateCheck;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.auth.ChapKeys;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Join (docs/protocol.md 2.3 and 3), checked in this order: DES/RC4 asked (409, sub-code 1);
 * another overlay named (409, sub-code 4); peer draining or busy (410) or without its store (432);
 * contributed storage required but not offered (406); then authentication: an overlay client
 * certificate, else per mode NONE (anyone), CERTIFICATE (405 without one), CHAP (404 with a
 * challenge, then 200 or 405; PAP over TLS only).
 */
public final class JoinHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(JoinHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalPeer peer;
  private final PeerStatusMonitor status;
  private final AccountStore accounts;
  private final ClientCertificateCheck certificates;
  private final HostPeerProperties.Auth auth;
  private final LongSupplier nanoTime;
  private final Redirection redirection;

  /**
   * @param nanoTime the monotonic clock a CHAP challenge's lifetime is measured by
   */
  public JoinHandler(
      LocalPeer peer,
      PeerStatusMonitor status,
      AccountStore accounts,
      ClientCertificateCheck certificates,
      HostPeerProperties.Auth auth,
      LongSupplier nanoTime) {
    this(peer, status, accounts, certificates, auth, nanoTime, Redirection.NONE);
  }

  /**
   * @param redirection whom a busy or full peer sends its clients to (docs/peer-protocol.md 7)
   */
  public JoinHandler(
      LocalPeer peer,
      PeerStatusMonitor status,
      AccountStore accounts,
      ClientCertificateCheck certificates,
      HostPeerProperties.Auth auth,
      LongSupplier nanoTime,
      Redirection redirection) {
    this.redirection = redirection;
    this.peer = peer;
    this.status = status;
    this.accounts = accounts;
    this.certificates = certificates;
    this.auth = auth;
    this.nanoTime = nanoTime;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    Security security = request.first(Security.class);
    ClientInfo client = request.first(ClientInfo.class);
    if (security != null
        && security.cryptoType() != null
        && security.cryptoType() != Security.CryptoType.NONE) {
      return reject(request, RejectCodes.USE_TLS);
    }
    if (!sameOverlay(request.first(OverlayInfo.class))
        || !sameOverlay(client.nested(OverlayInfo.class))) {
      return reject(request, RejectCodes.WRONG_OVERLAY);
    }
    PeerStatus current = status.current();
    if (current == PeerStatus.OVERLAY_SERVICE_INTERRUPT) {
      return answer(request, ResponseCode.OVERLAY_SERVICE_INTERRUPT);
    }
    if (current == PeerStatus.BUSY || redirection.full()) {
      return redirection.deferred(request);
    }
    if (auth.requireContributedStorage() && client.contributableStorage() == null) {
      return answer(request, ResponseCode.CONTRIBUTED_SPACE_REQUESTED);
    }
    CertificateIdentity certificate = session.certificate();
    if (certificate != null) {
      return certificates
          .check(session.clientCertificate())
          .flatMap(
              verdict ->
                  switch (verdict) {
                    case GOOD ->
                        joined(
                            session, request, certificate.nodeIds().get(0), certificate.userName());
                    case REVOKED -> failed(session, request, "its certificate is revoked");
                    // the CRL has not been read yet: neither accepted unchecked nor refused
                    case UNKNOWN -> answer(request, ResponseCode.JOIN_REQUEST_DEFERRED);
                  });
    }
    return switch (auth.mode()) {
      case NONE -> joined(session, request, Id128.random(), null);
      case CERTIFICATE -> answer(request, ResponseCode.AUTHENTICATION_FAILED);
      case CHAP -> chap(session, request, security);
    };
  }

  private Mono<Message> chap(Session session, Message request, @Nullable Security security) {
    if (security == null || security.authType() == null || security.username() == null) {
      byte[] challenge = new byte[ChapKeys.CHALLENGE_LENGTH];
      RANDOM.nextBytes(challenge);
      session.challenge(challenge, nanoTime.getAsLong() + auth.challengeLifetime().toNanos());
      return Mono.just(
          Responses.to(
              request,
              ResponseCode.AUTHENTICATION_REQUESTED,
              Security.chapChallenge(Octets.wrap(challenge))));
    }
    Octets password = security.password();
    return switch (security.authType()) {
      case CHAP -> {
        byte[] challenge = session.takeChallenge(nanoTime.getAsLong());
        if (challenge == null || password == null) {
          yield failed(session, request, "no valid challenge");
        }
        yield accounts
            .find(security.username())
            .filter(Account::active)
            .filter(
                account -> ChapKeys.verify(account.chapKey(), challenge, password.unsafeArray()))
            .flatMap(account -> joined(session, request, account.nodeId(), account.userName()))
            .switchIfEmpty(Mono.defer(() -> failed(session, request, "wrong CHAP response")));
      }
      case PAP -> {
        if (!session.secure() || password == null) {
          yield failed(session, request, "PAP without TLS");
        }
        String plain = new String(password.unsafeArray(), StandardCharsets.UTF_8);
        yield accounts
            .find(security.username())
            .filter(Account::active)
            .filterWhen(account -> papMatches(account, plain))
            .flatMap(account -> joined(session, request, account.nodeId(), account.userName()))
            .switchIfEmpty(Mono.defer(() -> failed(session, request, "wrong PAP password")));
      }
      case NONE -> failed(session, request, "auth type none where CHAP is required");
    };
  }

  /** K from the password takes 100,000 PBKDF2 rounds: off the event loop. */
  private Mono<Boolean> papMatches(Account account, String password) {
    return Mono.fromCallable(
            () ->
                MessageDigest.isEqual(
                    ChapKeys.deriveKey(password, peer.overlay().name(), account.userName()),
                    account.chapKey()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private boolean sameOverlay(@Nullable OverlayInfo asked) {
    if (asked == null) {
      return true;
    }
    OverlayInfo ours = peer.overlay();
    return asked.hashAlgorithm() == ours.hashAlgorithm()
        && asked.overlayId() == ours.overlayId()
        && (asked.name().isEmpty() || asked.name().equals(ours.name()));
  }

  private Mono<Message> joined(
      Session session, Message request, Id128 nodeId, @Nullable String user) {
    ClientInfo client = request.first(ClientInfo.class);
    session.join(nodeId, user, client.contributableStorage());
    log.info("{} joined as {}", session, user != null ? user : "anonymous");
    return Mono.just(Responses.to(request, ResponseCode.OK, peer.description()));
  }

  private static Mono<Message> failed(Session session, Message request, String why) {
    log.info("{} failed to authenticate: {}", session, why);
    return answer(request, ResponseCode.AUTHENTICATION_FAILED);
  }

  static Mono<Message> reject(Message request, int subCode) {
    return Mono.just(Responses.to(request, ResponseCode.REQUEST_REJECTED, subCode));
  }

  static Mono<Message> answer(Message request, ResponseCode code) {
    return Mono.just(Responses.to(request, code));
  }
}
