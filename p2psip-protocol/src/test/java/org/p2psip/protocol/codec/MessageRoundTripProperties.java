package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;

/**
 * Every message the model can express survives encode/decode unchanged, however it is framed; every
 * attribute of docs/peer-protocol.md 2.3 and every valid peer-protocol message type (requests and
 * answers) does too, and passes the peer message validator.
 */
class MessageRoundTripProperties {

  @Provide
  Arbitrary<Attribute> peerProtocolAttributes() {
    return MessageArbitraries.peerProtocolAttribute();
  }

  @Provide
  Arbitrary<Message> validPeerMessages() {
    return MessageArbitraries.validPeerMessage();
  }

  @Provide
  Arbitrary<Message> validPeerRequests() {
    return MessageArbitraries.validPeerRequest();
  }

  @Provide
  Arbitrary<Header> peerHeaders() {
    return MessageArbitraries.header().filter(header -> !header.client() && !header.response());
  }

  /** Each new attribute, alone in a peer message, decodes to itself and re-encodes to its bytes. */
  @Property(tries = 1000)
  void everyPeerProtocolAttributeRoundTrips(
      @ForAll("peerProtocolAttributes") Attribute attribute, @ForAll("peerHeaders") Header header) {
    Statistics.collect(attribute.getClass().getSimpleName());
    Message message = Message.of(header, attribute);
    byte[] bytes = MessageCodec.encodeToBytes(message);
    assertThat(bytes).hasSize(message.encodedLength());
    assertThat(MessageCodec.decode(bytes)).isEqualTo(message);
    assertThat(MessageCodec.encodeToBytes(MessageCodec.decode(bytes))).isEqualTo(bytes);
    Statistics.coverage(
        coverage -> {
          for (String name :
              List.of(
                  "PeerAddressInfo",
                  "NegotiationInfo",
                  "ServicePeerInfo",
                  "RoutingTable",
                  "StoredObject")) {
            coverage.check(name).count(n -> n > 0);
          }
        });
  }

  /** A Negotiation Info is 56, 88 or 600 bytes of value, nothing else. */
  @Property(tries = 300)
  void negotiationInfoHasOneOfItsThreeSizes(@ForAll("peerProtocolAttributes") Attribute attribute) {
    if (attribute instanceof NegotiationInfo negotiation) {
      assertThat(negotiation.valueLength()).isIn(56, 88, 600);
    }
  }

  /** Every peer type, request and answer: round trip, and the validator accepts it. */
  @Property(tries = 1000)
  void everyPeerMessageTypeRoundTripsAndValidates(@ForAll("validPeerMessages") Message message) {
    Statistics.collect(message.type(), message.isResponse());
    byte[] bytes = MessageCodec.encodeToBytes(message);
    Message decoded = MessageCodec.decode(bytes);
    assertThat(decoded).isEqualTo(message);
    assertThat(MessageCodec.encodeToBytes(decoded)).isEqualTo(bytes);
    assertThat(PeerMessageValidator.violation(decoded)).isEmpty();
    Statistics.coverage(
        coverage -> {
          for (MessageType type : MessageArbitraries.PEER_TYPES) {
            coverage.check(type, false).count(n -> n > 0);
            coverage.check(type, true).count(n -> n > 0);
          }
        });
  }

  /** docs/peer-protocol.md 2.1: an answer keeps the transaction key and passes the validator. */
  @Property(tries = 300)
  void aPeerAnswerKeepsTheTransactionKey(
      @ForAll("validPeerRequests") Message request,
      @ForAll @IntRange(min = 1, max = 255) int initialTtl) {
    PeerInfo responder =
        PeerInfo.destination(
            Id128.fromHex("4c4d4e4f505152535455565758595a5b"),
            PeerServiceCapability.NONE,
            request.first(PeerInfo.class).addresses());
    Message answer =
        PeerResponses.to(
            request.header(),
            initialTtl,
            ResponseAttribute.of(ResponseCode.BAD_PARAMETERS),
            responder,
            List.of());
    Header header = answer.header();
    assertThat(TransactionKey.of(header)).isEqualTo(TransactionKey.of(request.header()));
    assertThat(header.response()).isTrue();
    assertThat(header.ttl()).isEqualTo(initialTtl);
    assertThat(header.hFlag() || header.dFlag() || header.fFlag() || header.jFlag()).isFalse();
    assertThat(PeerMessageValidator.violation(answer)).isEmpty();
    assertThat(MessageCodec.decode(MessageCodec.encodeToBytes(answer))).isEqualTo(answer);
  }

  @Provide
  Arbitrary<Message> messages() {
    return MessageArbitraries.message();
  }

  @Property(tries = 2000)
  void decodeOfEncodeIsIdentity(@ForAll("messages") Message message) {
    byte[] bytes = MessageCodec.encodeToBytes(message);
    assertThat(bytes).hasSize(message.encodedLength());
    assertThat(MessageCodec.decode(bytes)).isEqualTo(message);
  }

  @Property(tries = 1000)
  void encodeOfDecodeIsIdentity(@ForAll("messages") Message message) {
    byte[] bytes = MessageCodec.encodeToBytes(message);
    assertThat(MessageCodec.encodeToBytes(MessageCodec.decode(bytes))).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void streamOfMessagesInRandomChunksDecodesInOrder(
      @ForAll("messages") Message a,
      @ForAll("messages") Message b,
      @ForAll("messages") Message c,
      @ForAll @IntRange(min = 1, max = 64) int chunk) {
    EmbeddedChannel channel = new EmbeddedChannel();
    P2psipCodec.addLast(channel.pipeline(), Message.MAX_LENGTH);
    ByteBuf stream = Unpooled.buffer();
    for (Message message : List.of(a, b, c)) {
      stream.writeBytes(MessageCodec.encodeToBytes(message));
    }
    List<Object> decoded = new ArrayList<>();
    while (stream.isReadable()) {
      channel.writeInbound(stream.readRetainedSlice(Math.min(chunk, stream.readableBytes())));
      Object next;
      while ((next = channel.readInbound()) != null) {
        decoded.add(next);
      }
    }
    stream.release();
    assertThat(decoded).containsExactly(a, b, c);
    assertThat(channel.finish()).isFalse();
  }
}
