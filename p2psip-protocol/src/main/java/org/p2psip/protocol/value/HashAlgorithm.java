package org.p2psip.protocol.value;

import org.jspecify.annotations.Nullable;

/**
 * How a resource name becomes a Resource-ID (Overlay Info attribute, docs/protocol.md section 3).
 */
public enum HashAlgorithm {
  /** The UTF-8 name itself, at most 16 bytes, right-padded with zero bytes. */
  RAW(0),
  /** The first 16 bytes of SHA-1 over the UTF-8 name; the default. */
  SHA1(1);

  private final int code;

  HashAlgorithm(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The algorithm with this wire code, or null when there is none. */
  public static @Nullable HashAlgorithm fromCode(int code) {
    return switch (code) {
      case 0 -> RAW;
      case 1 -> SHA1;
      default -> null;
    };
  }
}
