package org.p2psip.protocol.codec;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.ResponseCode;

/**
 * A message the decoder refuses, with the response code docs/protocol.md assigns to the failure
 * (401, 433, 434 or 435) and whether framing is lost so the connection must close.
 *
 * <p>It carries no stack trace: it describes hostile or broken input, not a bug, and a flood of
 * garbage should not cost a stack walk per frame.
 */
public final class MalformedMessageException extends RuntimeException {

  private final ResponseCode code;
  private final boolean framingLost;
  private final transient @Nullable Header header;

  public MalformedMessageException(ResponseCode code, boolean framingLost, String reason) {
    this(code, framingLost, reason, null);
  }

  private MalformedMessageException(
      ResponseCode code, boolean framingLost, String reason, @Nullable Header header) {
    super(reason, null, false, false);
    this.code = code;
    this.framingLost = framingLost;
    this.header = header;
  }

  static MalformedMessageException badParameters(String reason) {
    return new MalformedMessageException(ResponseCode.BAD_PARAMETERS, false, reason);
  }

  static MalformedMessageException framing(String reason) {
    return new MalformedMessageException(ResponseCode.BAD_PARAMETERS, true, reason);
  }

  /** The same failure, now knowing the header it belongs to. */
  MalformedMessageException withHeader(Header header) {
    return new MalformedMessageException(code, framingLost, getMessage(), header);
  }

  public ResponseCode code() {
    return code;
  }

  /** True when the stream can no longer be framed: answer if possible, then close. */
  public boolean framingLost() {
    return framingLost;
  }

  /** The header of the refused message, or null when it could not be read. */
  public @Nullable Header header() {
    return header;
  }

  /** What the decoder reports downstream for this failure. */
  public DecodeFailure toFailure() {
    return new DecodeFailure(code, header, framingLost, getMessage());
  }
}
