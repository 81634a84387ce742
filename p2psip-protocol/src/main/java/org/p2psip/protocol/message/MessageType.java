package org.p2psip.protocol.message;

import org.jspecify.annotations.Nullable;

/**
 * The message types of the client and peer protocol (SEP numbers; Inquire added by the client
 * draft). A client-protocol message of any other type is answered 434.
 */
public enum MessageType {
  JOIN(0),
  LEAVE(1),
  KEEPALIVE(2),
  NOTIFY(3),
  UPDATE(4),
  SEARCH_PEER(5),
  TRANSFER(6),
  PUT(7),
  GET(8),
  REMOVE(9),
  LOOKUP_SERVICE_PEER(10),
  INQUIRE(12);

  private static final MessageType[] BY_CODE = new MessageType[256];

  static {
    for (MessageType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this wire code, or null when the code is not assigned. */
  public static @Nullable MessageType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
