package org.p2psip.hostpeer.record;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.ResponseCode;

/**
 * A store's answer that the client gets as it is: the overlay's codes after their mapping to the
 * client protocol (docs/peer-protocol.md 6), for example 409/6 or 408. A {@link RecordStore}
 * operation fails with it when the store refused for a reason the client should see.
 */
public final class StoreRefusal extends RuntimeException {

  private final ResponseCode code;
  private final @Nullable Integer subCode;

  public StoreRefusal(ResponseCode code, @Nullable Integer subCode, String why) {
    super(why, null, false, false);
    this.code = code;
    this.subCode = subCode;
  }

  public ResponseCode code() {
    return code;
  }

  public @Nullable Integer subCode() {
    return subCode;
  }
}
