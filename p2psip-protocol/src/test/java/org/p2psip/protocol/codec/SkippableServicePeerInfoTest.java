package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.p2psip.protocol.value.Id128;

/**
 * A client's Join answered 410 with other host peers (docs/peer-protocol.md 7): the Service Peer
 * Info goes with M = 0, so a client that does not know the attribute skips it; one that does reads
 * it back unchanged.
 */
class SkippableServicePeerInfoTest {

  @Test
  void aServicePeerInfoForClientsIsSentWithMClearAndReadBack() throws Exception {
    ServicePeerInfo others =
        ServicePeerInfo.query(ServiceType.HOST_PEER, 3)
            .plus(
                new ServicePeer(
                    Id128.random(),
                    List.of(
                        PeerAddressInfo.tcpHost(
                            InetAddress.getByName("192.0.2.7"),
                            6084,
                            PeerAddressInfo.USAGE_CLIENT))))
            .skippable();
    Message join = Message.clientRequest(MessageType.JOIN);
    Message answer =
        Responses.to(
            join.header(),
            ResponseAttribute.of(ResponseCode.JOIN_REQUEST_DEFERRED),
            List.of(others));

    byte[] bytes = MessageCodec.encodeToBytes(answer);
    int attributeStart =
        Header.CLIENT_HEADER_LENGTH + ResponseAttribute.of(ResponseCode.OK).encodedLength();
    assertThat(bytes[attributeStart]).as("M = 0").isEqualTo((byte) 0);
    assertThat(bytes[attributeStart + 1]).isEqualTo((byte) others.type());

    Message decoded = MessageCodec.decode(bytes);
    assertThat(decoded.first(ServicePeerInfo.class)).isEqualTo(others);
    assertThat(decoded.first(ServicePeerInfo.class).mustUnderstand()).isFalse();
  }
}
