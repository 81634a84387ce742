package org.p2psip.protocol.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;

/**
 * Why a peer-protocol message is refused, and what docs/peer-protocol.md section 9 says to do:
 * answer with {@link #code()} (and {@link #subCode()}), or drop it silently (no code: a response is
 * never answered), then close the connection or keep it.
 *
 * <p>A value class rather than a record: Jazzer's retransformation of a record whose components
 * carry type annotations fails at run time (NoSuchFieldError in the canonical constructor) under
 * JDK 17, and the fuzz target exercises this class.
 */
public final class PeerViolation {

  private final @Nullable ResponseCode code;
  private final @Nullable Integer subCode;
  private final boolean closeConnection;
  private final String reason;

  /**
   * @param code the answer's code, or null when the message is dropped without an answer
   * @param subCode the answer's sub-code ({@link PeerSubCodes}), or null
   */
  public PeerViolation(
      @Nullable ResponseCode code,
      @Nullable Integer subCode,
      boolean closeConnection,
      String reason) {
    this.code = code;
    this.subCode = subCode;
    this.closeConnection = closeConnection;
    this.reason = reason;
  }

  static PeerViolation badParameters(String reason) {
    return new PeerViolation(ResponseCode.BAD_PARAMETERS, null, false, reason);
  }

  static PeerViolation rejected(int subCode, boolean close, String reason) {
    return new PeerViolation(ResponseCode.REJECTED, subCode, close, reason);
  }

  static PeerViolation dropped(String reason) {
    return new PeerViolation(null, null, false, reason);
  }

  /** The answer's code, or null when the message is dropped without an answer. */
  public @Nullable ResponseCode code() {
    return code;
  }

  /** The answer's sub-code ({@link PeerSubCodes}), or null. */
  public @Nullable Integer subCode() {
    return subCode;
  }

  /** True when the connection is closed after the answer (if any). */
  public boolean closeConnection() {
    return closeConnection;
  }

  public String reason() {
    return reason;
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

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PeerViolation that
        && code == that.code
        && Objects.equals(subCode, that.subCode)
        && closeConnection == that.closeConnection
        && reason.equals(that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, subCode, closeConnection, reason);
  }

  @Override
  public String toString() {
    ResponseAttribute response = response();
    return (response != null ? response.toString() : "dropped")
        + (closeConnection ? ", close" : "")
        + ": "
        + reason;
  }
}
