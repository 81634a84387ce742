package org.p2psip.overlay.routing;

import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.UInt128;

/** Readable IDs for routing tests: {@code id(0x40)} is 0x40 followed by zero bytes. */
final class Ids {

  private Ids() {}

  /** The ID whose first byte is {@code top}, the rest zero: 256 positions round the ring. */
  static Id128 id(int top) {
    return new UInt128(((long) top & 0xff) << 56, 0).toId();
  }

  /** The ID just after {@code id(top)}. */
  static Id128 after(int top) {
    return new UInt128(((long) top & 0xff) << 56, 1).toId();
  }
}
