package org.p2psip.hostpeer.overlay.transport;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;

/**
 * Section 9, last row: more than 10 answers of 401, 403 or 435 on one connection within a minute
 * close it, so a confused or hostile peer cannot keep a connection busy with refused messages.
 *
 * <p>Not counted: 403/6 (busy) and 403/1 (not responsible: a redirect). They are flow control
 * between honest peers, and a loaded ring answers many of them: counting them closed connections
 * between busy peers, whose pending requests then failed and made each declare the other dead
 * (found by the ring benchmark).
 */
final class ErrorAnswerBudget {

  static final int MAX_ERRORS = 10;
  static final long WINDOW_MILLIS = 60_000;

  private final Deque<Long> errors = new ArrayDeque<>();

  /** Records {@code answer} written at {@code nowMillis}; true when the budget is now exceeded. */
  boolean exceededBy(Message answer, long nowMillis) {
    ResponseAttribute response = answer.response();
    if (response == null || !counts(response.code(), response.subCode())) {
      return false;
    }
    errors.addLast(nowMillis);
    while (!errors.isEmpty() && errors.peekFirst() <= nowMillis - WINDOW_MILLIS) {
      errors.removeFirst();
    }
    return errors.size() > MAX_ERRORS;
  }

  private static boolean counts(int code, @Nullable Integer subCode) {
    if (code == ResponseCode.REJECTED.code()) {
      return subCode == null
          || subCode != PeerSubCodes.REJECTED_BUSY
              && subCode != PeerSubCodes.REJECTED_NOT_RESPONSIBLE;
    }
    return code == ResponseCode.BAD_PARAMETERS.code()
        || code == ResponseCode.UNRECOGNIZED_OBJECT_TYPE.code();
  }
}
