package org.p2psip.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

class MessageValidatorTest {

  static final Id128 RID = Id128.random();
  static final Id128 OWNER = Id128.random();

  static Message request(MessageType type, Attribute... attributes) {
    return Message.of(Header.clientRequest(type, TransactionIds.next()), attributes);
  }

  @Test
  void joinWithoutClientIsRefusedAndWithClientAccepted() throws Exception {
    assertThat(MessageValidator.violation(request(MessageType.JOIN))).isPresent();
    assertThat(
            MessageValidator.violation(
                request(MessageType.JOIN, ClientInfo.of(InetAddress.getLoopbackAddress()))))
        .isEmpty();
  }

  @Test
  void putNeedsObjectsAndARefreshNeedsOwnerHashAndLifetime() {
    assertThat(MessageValidator.violation(request(MessageType.PUT))).isPresent();
    Octets content = Octets.utf8("sip:a@b");
    assertThat(
            MessageValidator.violation(
                request(
                    MessageType.PUT,
                    ResourceInfo.put(ValueType.SIP_CONTACT_URI, RID, 60, OWNER, content))))
        .isEmpty();
    ResourceInfo refresh = new ResourceInfo(1, RID, 60L, OWNER, ResourceInfo.hashOf(content), null);
    assertThat(MessageValidator.violation(request(MessageType.PUT, refresh))).isEmpty();
    ResourceInfo noLifetime =
        new ResourceInfo(1, RID, null, OWNER, ResourceInfo.hashOf(content), null);
    assertThat(MessageValidator.violation(request(MessageType.PUT, noLifetime))).isPresent();
  }

  @Test
  void getAndRemoveCarryExactlyOneObjectAndRemoveNamesIt() {
    ResourceInfo query = ResourceInfo.query(ValueType.SIP_CONTACT_URI, RID);
    assertThat(MessageValidator.violation(request(MessageType.GET, query))).isEmpty();
    assertThat(MessageValidator.violation(request(MessageType.GET, query, query))).isPresent();
    assertThat(MessageValidator.violation(request(MessageType.REMOVE, query))).isPresent();
    ResourceInfo named =
        new ResourceInfo(1, RID, null, OWNER, ResourceInfo.hashOf(Octets.EMPTY), null);
    assertThat(MessageValidator.violation(request(MessageType.REMOVE, named))).isEmpty();
  }

  @Test
  void notifyNeedsStatus() {
    assertThat(MessageValidator.violation(request(MessageType.NOTIFY))).isPresent();
    assertThat(MessageValidator.violation(request(MessageType.NOTIFY, StatusAttribute.GOOD)))
        .isEmpty();
  }

  @Test
  void responsesCarryAResponseAndSuccessfulOnesTheirAttributes() {
    Message keepAlive = request(MessageType.KEEPALIVE);
    assertThat(MessageValidator.violation(Responses.to(keepAlive, ResponseCode.OK)))
        .as("200 Keep-alive without Status")
        .isPresent();
    assertThat(
            MessageValidator.violation(
                Responses.to(keepAlive, ResponseCode.OK, StatusAttribute.GOOD)))
        .isEmpty();
    assertThat(MessageValidator.violation(Responses.to(keepAlive, ResponseCode.REQUEST_FAILED)))
        .isEmpty();
    Message bare = new Message(keepAlive.header().toResponse(), List.of());
    assertThat(MessageValidator.violation(bare)).isPresent();
    assertThat(
            MessageValidator.violation(Responses.to(request(MessageType.INQUIRE), ResponseCode.OK)))
        .isPresent();
  }

  @Test
  void responseBuilderCopiesTypeAndTransactionIdAndSetsR() {
    Message put = request(MessageType.PUT);
    Message answer = Responses.to(put, ResponseCode.REQUEST_REJECTED, 1);
    assertThat(answer.type()).isEqualTo(MessageType.PUT);
    assertThat(answer.header().transactionId()).isEqualTo(put.header().transactionId());
    assertThat(answer.isResponse()).isTrue();
    assertThat(answer.attributes().get(0)).isEqualTo(new ResponseAttribute(409, 1));
  }
}
