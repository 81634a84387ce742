package org.p2psip.hostpeer.overlay.transport;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.node.NodeClock;
import org.p2psip.overlay.node.NodeClock.Cancellable;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.node.PeerLinks.Outcome;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.codec.DecodeFailure;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.PeerViolation;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;

/**
 * What arrives on a peer connection, in the order of checks of docs/peer-protocol.md section 9:
 * framing failures, C = 1, the handshake on an accepted connection, then per message the rows of
 * the table ({@link PeerMessageValidator}); requests that pass go to the node, answers to the
 * pending send they settle. Runs on the node's thread.
 */
final class InboundMessages {

  private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

  /** What the transport does once an accepted connection's handshake succeeded. */
  interface Handshakes {
    void accepted(PeerConnection connection, PeerInfo source);
  }

  private final OverlayNode node;
  private final NodeClock clock;
  private final PeerIdentity identity;
  private final int initialTtl;
  private final TransportCounters counters;
  private final Handshakes handshakes;
  private final int maxInFlight;
  private final long requestTimeoutMillis;

  InboundMessages(
      OverlayNode node,
      NodeClock clock,
      PeerIdentity identity,
      TransportSettings settings,
      TransportCounters counters,
      Handshakes handshakes) {
    this.node = node;
    this.clock = clock;
    this.identity = identity;
    this.initialTtl = settings.initialTtl();
    this.maxInFlight = settings.maxInFlightPerConnection();
    this.requestTimeoutMillis = settings.requestTimeout().toMillis();
    this.counters = counters;
    this.handshakes = handshakes;
  }

  void received(PeerConnection connection, Connection netty, Object inbound) {
    if (connection.state() == PeerConnection.State.CLOSED) {
      return;
    }
    if (inbound instanceof DecodeFailure failure) {
      refusedFrame(connection, failure);
    } else if (inbound instanceof Message message) {
      if (!connection.established() && !connection.opened()) {
        handshake(connection, netty, message);
      } else if (message.header().client() || !message.isResponse()) {
        request(connection, message);
      } else {
        response(connection, message);
      }
    }
  }

  /**
   * A frame the decoder refused. Framing lost: 401 (if the header could be read), close. Before the
   * handshake anything else is a C = 1 message or not a handshake: client 403 or 403/7, close.
   */
  private void refusedFrame(PeerConnection connection, DecodeFailure failure) {
    Header header = failure.header();
    boolean answerable = header != null && !header.response();
    if (failure.closeConnection() || connection.established()) {
      Message answer = answerable ? answer(header, ResponseAttribute.of(failure.code())) : null;
      finish(connection, answer, failure.closeConnection());
      return;
    }
    if (!answerable) {
      connection.close();
      return;
    }
    ResponseAttribute refusal =
        header.client()
            ? ResponseAttribute.of(ResponseCode.REJECTED)
            : ResponseAttribute.of(ResponseCode.REJECTED, PeerSubCodes.REJECTED_HANDSHAKE_REQUIRED);
    counters.failedHandshake();
    finish(connection, answer(header, refusal), true);
  }

  private @Nullable Message answer(Header header, ResponseAttribute response) {
    if (header.client()) {
      return header.suppressResponse() ? null : Responses.to(header, response, List.of());
    }
    return PeerResponses.to(header, initialTtl, response, node.self(), List.of());
  }

  /** The first message on an accepted connection (4.1, section 9 order of checks (3)). */
  private void handshake(PeerConnection connection, Connection netty, Message message) {
    Id128 asserted = message.header().sourcePeerId();
    // an identity the certificate does not vouch for fails as Node-ID 0 would: 403/3
    Id128 claimed =
        asserted != null && identity.vouchesFor(netty, asserted)
            ? asserted
            : Handshake.UNKNOWN_PEER;
    Optional<PeerViolation> violation =
        PeerMessageValidator.handshakeViolation(message, node.overlay(), claimed, node.nodeId());
    if (checksIdentityOrDestination(violation) && identity.forAnotherOverlay(netty)) {
      // A certificate for another overlay is an overlay mismatch (2.4), checked with the Overlay
      // Info and so before the identity and Destination ID checks.
      violation =
          Optional.of(
              new PeerViolation(
                  ResponseCode.REJECTED,
                  PeerSubCodes.REJECTED_OVERLAY_MISMATCH,
                  true,
                  "the certificate names another overlay"));
    }
    if (violation.isPresent()) {
      log.debug("handshake on {} refused: {}", connection, violation.get());
      counters.failedHandshake();
      // a handshake that fails any check leaves the connection useless: close it either way
      finish(
          connection, violation.get().answer(message, node.self(), initialTtl).orElse(null), true);
      return;
    }
    connection.establish(claimed);
    PeerInfo source = null;
    for (PeerInfo info : message.all(PeerInfo.class)) {
      if (info.source()) {
        source = info;
      }
    }
    handshakes.accepted(connection, source != null ? source : node.self());
    connection.write(
        Handshake.answer(message, node.self(), node.status(), node.overlay(), initialTtl));
  }

  /** No violation, or one found only by the checks that come after the overlay's (403/3, 403/4). */
  private static boolean checksIdentityOrDestination(Optional<PeerViolation> violation) {
    if (violation.isEmpty()) {
      return true;
    }
    Integer subCode = violation.get().subCode();
    return subCode != null
        && (subCode == PeerSubCodes.REJECTED_IDENTITY_MISMATCH
            || subCode == PeerSubCodes.REJECTED_WRONG_PEER);
  }

  /** A request (or C = 1 message) on an established connection. */
  private void request(PeerConnection connection, Message message) {
    Id128 peer = connection.peer();
    if (peer == null) {
      // the opener's side before the answer to its handshake: the peer talks out of turn
      connection.close();
      return;
    }
    Optional<PeerViolation> violation =
        PeerMessageValidator.violation(message, peer, node.nodeId());
    if (violation.isPresent()) {
      PeerViolation refused = violation.get();
      if (refused.dropped()) {
        return;
      }
      finish(
          connection,
          refused.answer(message, node.self(), initialTtl).orElse(null),
          refused.closeConnection());
      return;
    }
    if (!connection.startRequest(maxInFlight)) {
      // 8.3: this connection has max-in-flight-per-connection requests in progress
      finish(
          connection,
          PeerResponses.to(message, ResponseCode.REJECTED, PeerSubCodes.REJECTED_BUSY, node.self()),
          false);
      return;
    }
    // done once: at the answer, or when none came within the request timeout (a forwarded
    // request may be dropped without one, 3.5)
    boolean[] done = {false};
    Runnable release =
        () -> {
          if (!done[0]) {
            done[0] = true;
            connection.requestDone();
          }
        };
    Cancellable expiry = clock.schedule(requestTimeoutMillis, release);
    node.onRequest(
        peer,
        message,
        answer -> {
          expiry.cancel();
          release.run();
          finish(connection, answer, false);
        });
  }

  /** An answer: settles the send it belongs to on this connection, else dropped and counted. */
  private void response(PeerConnection connection, Message message) {
    if (PeerMessageValidator.violation(message).isPresent()) {
      counters.droppedResponse();
      return;
    }
    PendingSend send = connection.take(TransactionKey.of(message.header()));
    if (send == null) {
      counters.droppedResponse();
      return;
    }
    send.settle(new Outcome.Answered(message));
  }

  /** Writes an answer (if any), counting refusals against the connection's error budget. */
  private void finish(PeerConnection connection, @Nullable Message answer, boolean close) {
    if (connection.state() == PeerConnection.State.CLOSED) {
      return;
    }
    boolean overBudget = answer != null && connection.exceedsErrorBudget(answer, clock.nowMillis());
    if (answer == null) {
      if (close || overBudget) {
        connection.close();
      }
    } else if (close || overBudget) {
      connection.writeAndClose(answer);
    } else {
      connection.write(answer);
    }
  }
}
