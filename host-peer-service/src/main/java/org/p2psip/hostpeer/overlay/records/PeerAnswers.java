package org.p2psip.hostpeer.overlay.records;

import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.record.StoreRefusal;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;

/**
 * What a client gets for a peer's answer (docs/peer-protocol.md 6): 200, 407 and 409/n pass
 * through; 401, 403/n, 408/n and 432 become 408 (the overlay failed, not the client); 436 stays
 * 436.
 */
final class PeerAnswers {

  private PeerAnswers() {}

  static int code(Message answer) {
    ResponseAttribute response = answer.response();
    return response == null ? ResponseCode.REQUEST_FAILED.code() : response.code();
  }

  static @Nullable Integer subCode(Message answer) {
    ResponseAttribute response = answer.response();
    return response == null ? null : response.subCode();
  }

  /** The refusal a client gets for an answer that is neither success nor an expected outcome. */
  static StoreRefusal refusal(Message answer) {
    int code = code(answer);
    Integer subCode = subCode(answer);
    String why =
        "the overlay answered " + code + (subCode == null ? "" : "/" + subCode) + " to " + answer;
    for (ResponseCode passed :
        new ResponseCode[] {
          ResponseCode.REQUEST_REJECTED, ResponseCode.NOT_FOUND, ResponseCode.REQUEST_TIMEOUT
        }) {
      if (code == passed.code()) {
        return new StoreRefusal(
            passed, passed == ResponseCode.REQUEST_REJECTED ? subCode : null, why);
      }
    }
    return new StoreRefusal(ResponseCode.REQUEST_FAILED, null, why);
  }
}
