package org.p2psip.protocol.message;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;

/**
 * Why a peer-protocol message is refused, and what docs/peer-protocol.md section 9 says to do:
 * answer with {@code code} (and {@code subCode}), or drop it silently ({@code code} null: a
 * response is never answered), then close the connection or keep it.
 *
 * @param code the answer's code, or null when the message is dropped without an answer
 * @param subCode the answer's sub-code ({@link PeerSubCodes}), or null
 */
public record PeerViolation(
    @Nullable ResponseCode code,
    @Nullable Integer subCode,
    boolean closeConnection,
    String reason) {

  static PeerViolation badParameters(String reason) {
    return new PeerViolation(ResponseCode.BAD_PARAMETERS, null, false, reason);
  }

  static PeerViolation rejected(int subCode, boolean close, String reason) {
    return new PeerViolation(ResponseCode.REJECTED, subCode, close, reason);
  }

  static PeerViolation dropped(String reason) {
    return new PeerViolation(null, null, false, reason);
  }

  /** True when the message is dropped (counted) rather than answered. */
  public boolean dropped() {
    return code == null;
  }

  /** The Response attribute of the answer, or null when the message is dropped. */
  public @Nullable ResponseAttribute response() {
    ResponseCode known = code;
    if (known == null) {
      return null;
    }
    return subCode == null ? ResponseAttribute.of(known) : ResponseAttribute.of(known, subCode);
  }

  /**
   * The answer to {@code refused}: none when it is dropped or is itself a response; a
   * client-protocol answer (12-byte header) to a client-protocol message; otherwise a peer answer
   * from {@code responder} (docs/peer-protocol.md 2.1).
   */
  public Optional<Message> answer(Message refused, PeerInfo responder, int initialTtl) {
    ResponseAttribute response = response();
    if (response == null || refused.isResponse()) {
      return Optional.empty();
    }
    if (refused.header().client()) {
      return refused.header().suppressResponse()
          ? Optional.empty()
          : Optional.of(Responses.to(refused.header(), response, List.of()));
    }
    return Optional.of(
        PeerResponses.to(refused.header(), initialTtl, response, responder, List.of()));
  }
}
