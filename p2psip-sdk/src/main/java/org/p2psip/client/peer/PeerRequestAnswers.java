package org.p2psip.client.peer;

import java.util.Optional;
import org.p2psip.protocol.codec.DecodeFailure;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.MessageValidator;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;

/**
 * What this client answers to a request its host peer sends it. docs/protocol.md section 3: a peer
 * sends a client Notify, and Put, Get and Remove if the client offered storage; the client answers
 * them the way a peer would. This SDK offers no storage (its Join's Client attribute has no C
 * flag), so everything but Notify is refused with 409 Request Rejected, never acknowledged with a
 * 200 that would tell the peer a value was stored or found.
 */
final class PeerRequestAnswers {

  private PeerRequestAnswers() {}

  /**
   * The answer to {@code request}; empty when E is set (the peer expects none, not even an error).
   */
  static Optional<Message> to(Message request) {
    if (request.header().suppressResponse()) {
      return Optional.empty();
    }
    if (MessageValidator.violation(request).isPresent()) {
      return Optional.of(Responses.to(request, ResponseCode.BAD_PARAMETERS));
    }
    ResponseCode code =
        request.type() == MessageType.NOTIFY ? ResponseCode.OK : ResponseCode.REQUEST_REJECTED;
    return Optional.of(Responses.to(request, code));
  }

  /**
   * The answer to a message that did not decode (434 for an unknown type, 435, 401): the codec's,
   * which is empty for responses and requests with E.
   */
  static Optional<Message> to(DecodeFailure failure) {
    return failure.answer();
  }
}
