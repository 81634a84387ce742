package org.p2psip.hostpeer.handler;

/**
 * Sub-codes of 409 Request Rejected sent by this host peer (docs/protocol.md fixes 1; the rest are
 * this peer's, listed in docs/host-peer.md so clients can tell the reasons apart).
 */
public final class RejectCodes {

  /** DES or RC4 asked for: confidentiality comes from TLS. */
  public static final int USE_TLS = 1;

  public static final int NOT_JOINED = 2;
  public static final int NOT_OWNER = 3;
  public static final int WRONG_OVERLAY = 4;
  public static final int VALUE_TOO_LARGE = 5;
  public static final int RESOURCE_FULL = 6;
  public static final int OWNER_OBJECT_LIMIT = 7;
  public static final int OWNER_BYTE_LIMIT = 8;

  private RejectCodes() {}
}
