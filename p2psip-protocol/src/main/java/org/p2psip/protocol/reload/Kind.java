package org.p2psip.protocol.reload;

import org.jspecify.annotations.Nullable;

/** The kinds this overlay stores (docs/protocol.md 4.1); both use the dictionary data model. */
public enum Kind {
  SIP_REGISTRATION(1L, AccessControl.USER_NODE_MATCH),
  /** In RELOAD's private-use range, since the DisCo draft never got an IANA number. */
  DISCO_REGISTRATION(0xF00D15C0L, AccessControl.USER_MATCH);

  private final long id;
  private final AccessControl accessControl;

  Kind(long id, AccessControl accessControl) {
    this.id = id;
    this.accessControl = accessControl;
  }

  /** The Kind-ID, an unsigned 32-bit number. */
  public long id() {
    return id;
  }

  public AccessControl accessControl() {
    return accessControl;
  }

  /** The kind with this Kind-ID, or null. */
  public static @Nullable Kind fromId(long id) {
    for (Kind kind : values()) {
      if (kind.id == id) {
        return kind;
      }
    }
    return null;
  }

  /** Access-control policies of RFC 6940 section 7.3 that these kinds use. */
  public enum AccessControl {
    /** The signer's user name hashes to the Resource-ID. */
    USER_MATCH,
    /** USER-MATCH, and the dictionary key is the signer's Node-ID. */
    USER_NODE_MATCH
  }
}
