package org.p2psip.protocol.reload;

/** A RELOAD structure that does not parse: answered with Error_Invalid_Message. */
public final class ReloadDecodingException extends RuntimeException {

  public ReloadDecodingException(String reason) {
    super(reason, null, false, false);
  }

  public ReloadDecodingException(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  public ReloadErrorCode errorCode() {
    return ReloadErrorCode.INVALID_MESSAGE;
  }
}
