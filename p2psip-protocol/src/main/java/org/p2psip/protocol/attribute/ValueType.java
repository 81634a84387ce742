package org.p2psip.protocol.attribute;

import org.jspecify.annotations.Nullable;

/** The Value Type registry of this project (docs/protocol.md 2.1); other numbers are reserved. */
public enum ValueType {
  OPAQUE(0),
  SIP_CONTACT_URI(1),
  DISCO_REGISTRATION(2),
  X509_CERTIFICATE(3);

  private final int code;

  ValueType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The registered type with this number, or null for a reserved one. */
  public static @Nullable ValueType fromCode(int code) {
    return code >= 0 && code < values().length ? values()[code] : null;
  }
}
