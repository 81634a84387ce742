package org.p2psip.protocol.reload;

/** The RELOAD error codes DisCo storage uses (RFC 6940 section 14.9; docs/protocol.md 4.3). */
public enum ReloadErrorCode {
  FORBIDDEN(2, "Error_Forbidden"),
  NOT_FOUND(3, "Error_Not_Found"),
  GENERATION_COUNTER_TOO_LOW(5, "Error_Generation_Counter_Too_Low"),
  DATA_TOO_LARGE(8, "Error_Data_Too_Large"),
  DATA_TOO_OLD(9, "Error_Data_Too_Old"),
  UNKNOWN_KIND(12, "Error_Unknown_Kind"),
  INVALID_MESSAGE(20, "Error_Invalid_Message");

  private final int code;
  private final String reloadName;

  ReloadErrorCode(int code, String reloadName) {
    this.code = code;
    this.reloadName = reloadName;
  }

  public int code() {
    return code;
  }

  /** The name RFC 6940 gives the code, e.g. {@code Error_Data_Too_Old}. */
  public String reloadName() {
    return reloadName;
  }
}
