package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/** Section 9: more than 10 answers of 401, 403 or 435 within a minute close a connection. */
class ErrorAnswerBudgetTest {

  private final Message request =
      Handshake.request(PeerSocket.info(Id128.random()), TestPeer.OVERLAY, null, 1);

  @Test
  void theEleventhRefusalWithinAMinuteExceedsTheBudget() {
    ErrorAnswerBudget budget = new ErrorAnswerBudget();
    for (int i = 0; i < 10; i++) {
      assertThat(budget.exceededBy(answer(ResponseCode.BAD_PARAMETERS), i * 1_000L)).isFalse();
    }
    assertThat(budget.exceededBy(answer(ResponseCode.REJECTED), 59_000)).isTrue();
  }

  @Test
  void refusalsOlderThanAMinuteNoLongerCount() {
    ErrorAnswerBudget budget = new ErrorAnswerBudget();
    for (int i = 0; i < 10; i++) {
      budget.exceededBy(answer(ResponseCode.UNRECOGNIZED_OBJECT_TYPE), 0);
    }
    assertThat(budget.exceededBy(answer(ResponseCode.REJECTED), 60_000)).isFalse();
  }

  @Test
  void otherAnswersDoNotCount() {
    ErrorAnswerBudget budget = new ErrorAnswerBudget();
    for (int i = 0; i < 20; i++) {
      assertThat(budget.exceededBy(answer(ResponseCode.NOT_FOUND), 0)).isFalse();
      assertThat(budget.exceededBy(answer(ResponseCode.OK), 0)).isFalse();
    }
  }

  @Test
  void busyAndRedirectAnswersAreFlowControlNotRefusals() {
    ErrorAnswerBudget budget = new ErrorAnswerBudget();
    for (int i = 0; i < 20; i++) {
      assertThat(budget.exceededBy(rejected(PeerSubCodes.REJECTED_BUSY), 0)).isFalse();
      assertThat(budget.exceededBy(rejected(PeerSubCodes.REJECTED_NOT_RESPONSIBLE), 0)).isFalse();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(budget.exceededBy(rejected(PeerSubCodes.REJECTED_IDENTITY_MISMATCH), 0)).isFalse();
    }
    assertThat(budget.exceededBy(rejected(PeerSubCodes.REJECTED_NOT_A_NEIGHBOUR), 0)).isTrue();
  }

  private Message rejected(int subCode) {
    return PeerResponses.to(
        request, ResponseCode.REJECTED, subCode, PeerSocket.info(Id128.random()));
  }

  private Message answer(ResponseCode code) {
    return PeerResponses.to(request, code, PeerSocket.info(Id128.random()));
  }
}
