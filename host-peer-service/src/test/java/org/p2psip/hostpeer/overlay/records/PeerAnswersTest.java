package org.p2psip.hostpeer.overlay.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p2psip.hostpeer.record.StoreRefusal;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.value.Id128;

/** The code mapping of docs/peer-protocol.md 6, answer by answer. */
class PeerAnswersTest {

  @ParameterizedTest(name = "peer {0}/{1} -> client {2}/{3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "409, 5, 409, 5",
        "409, 6, 409, 6",
        "407, -, 407, -",
        "401, -, 408, -",
        "403, 1, 408, -",
        "403, 6, 408, -",
        "408, 1, 408, -",
        "408, 3, 408, -",
        "408, 4, 408, -",
        "432, -, 408, -",
        "433, -, 408, -",
        "436, -, 436, -"
      })
  void aPeersAnswerBecomesTheClientsCode(
      int code, Integer subCode, int clientCode, Integer clientSubCode) {
    Id128 resource = Id128.random();
    Message request =
        Message.of(
            Header.peerRequest(MessageType.PUT, 7, Id128.random(), resource),
            ResourceInfo.query(ValueType.OPAQUE, resource));
    Message answer =
        PeerResponses.to(
            request.header(),
            PeerResponses.DEFAULT_INITIAL_TTL,
            new ResponseAttribute(code, subCode),
            PeerInfo.destination(
                Id128.random(),
                PeerServiceCapability.NONE,
                List.of(PeerAddressInfo.tcpHost(InetAddress.getLoopbackAddress(), 6094))),
            List.of());
    StoreRefusal refusal = PeerAnswers.refusal(answer);
    assertThat(refusal.code().code()).isEqualTo(clientCode);
    assertThat(refusal.subCode()).isEqualTo(clientSubCode);
  }
}
