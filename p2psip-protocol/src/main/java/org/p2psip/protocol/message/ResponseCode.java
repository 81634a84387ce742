package org.p2psip.protocol.message;

import org.jspecify.annotations.Nullable;

/**
 * Response codes (docs/protocol.md section 3). Where the client draft's text and its code table
 * disagree, the table wins: 404 Authentication Requested, 405 Authentication Failed.
 */
public enum ResponseCode {
  OK(200, "OK"),
  BAD_PARAMETERS(401, "Bad Parameters"),
  REJECTED(403, "Rejected"),
  AUTHENTICATION_REQUESTED(404, "Authentication Requested"),
  AUTHENTICATION_FAILED(405, "Authentication Failed"),
  CONTRIBUTED_SPACE_REQUESTED(406, "Contributed Space Requested"),
  NOT_FOUND(407, "Not Found"),
  REQUEST_FAILED(408, "Request Failed"),
  REQUEST_REJECTED(409, "Request Rejected"),
  JOIN_REQUEST_DEFERRED(410, "Join Request Deferred"),
  LEAVE_REQUEST_DEFERRED(431, "Leave Request Deferred"),
  OVERLAY_SERVICE_INTERRUPT(432, "Overlay Service Interrupt"),
  MESSAGE_TOO_LARGE(433, "Message Too Large"),
  UNRECOGNIZED_MESSAGE_TYPE(434, "Unrecognized Message Type"),
  UNRECOGNIZED_OBJECT_TYPE(435, "Unrecognized Object Type"),
  REQUEST_TIMEOUT(436, "Request Timeout");

  private final int code;
  private final String reason;

  ResponseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public boolean isSuccess() {
    return code / 100 == 2;
  }

  /** The code with this number, or null when it is not one of the table's. */
  public static @Nullable ResponseCode fromCode(int code) {
    for (ResponseCode candidate : values()) {
      if (candidate.code == code) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return code + " " + reason;
  }
}
