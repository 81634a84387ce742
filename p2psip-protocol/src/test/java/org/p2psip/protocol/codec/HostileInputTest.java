package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.protocol.codec.CodecChannelTest.drainInbound;
import static org.p2psip.protocol.codec.CodecChannelTest.pooled;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.TestHex;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Each kind of hostile input docs/protocol.md names gets its documented outcome, and afterwards the
 * decoder either goes on framing (the next valid message decodes) or has asked to close.
 */
class HostileInputTest {

  /** A valid Leave request, used to show the decoder is still in step afterwards. */
  static final byte[] LEAVE = TestHex.bytes("10 40 01 00  000c 0000  0000beef");

  static final Message LEAVE_MODEL = Message.of(Header.clientRequest(MessageType.LEAVE, 0xBEEF));

  @BeforeEach
  void startClean() {
    RecordingLeakDetector.collectLeaks();
    RecordingLeakDetector.clear();
  }

  /** Channels of the running test; closed before the leak check, as a server closes them. */
  private static final List<EmbeddedChannel> OPEN = new java.util.ArrayList<>();

  @AfterEach
  void noLeaks() {
    OPEN.forEach(EmbeddedChannel::finishAndReleaseAll);
    OPEN.clear();
    assertThat(RecordingLeakDetector.collectLeaks()).isEmpty();
  }

  static EmbeddedChannel channel(int maxMessageLength) {
    EmbeddedChannel channel = new EmbeddedChannel();
    P2psipCodec.addLast(channel.pipeline(), maxMessageLength);
    OPEN.add(channel);
    return channel;
  }

  static List<Object> feed(EmbeddedChannel channel, byte[]... chunks) {
    for (byte[] chunk : chunks) {
      channel.writeInbound(pooled(chunk, 0, chunk.length));
    }
    return drainInbound(channel);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static DecodeFailure onlyFailure(List<Object> decoded) {
    assertThat(decoded).hasSize(1).first().isInstanceOf(DecodeFailure.class);
    return (DecodeFailure) decoded.get(0);
  }

  @Test
  void truncatedHeaderWaitsAndEndsQuietlyWhenTheConnectionCloses() {
    EmbeddedChannel channel = channel(1024);
    assertThat(feed(channel, TestHex.bytes("10 40 01 00 00"))).isEmpty();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void lengthSmallerThanTheHeaderLosesFramingAnswers401AndClosesWithTheTransactionId() {
    EmbeddedChannel channel = channel(1024);
    DecodeFailure failure =
        onlyFailure(feed(channel, TestHex.bytes("10 40 01 00  0008 0000  12345678"), LEAVE));
    assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
    assertThat(failure.closeConnection()).isTrue();
    Message answer = failure.answer().orElseThrow();
    assertThat(answer.header().transactionId()).isEqualTo(0x12345678);
    assertThat(answer.header().response()).isTrue();
    assertThat(answer.response().code()).isEqualTo(401);
    // framing is lost: the valid Leave behind it, and anything later, is dropped
    assertThat(feed(channel, LEAVE)).isEmpty();
    channel.finish();
  }

  @Test
  void peerHeaderWithLengthBelow44LosesFraming() {
    byte[] header = TestHex.bytes("10 00 04 00  0020 0000  00000001" + "00".repeat(32));
    DecodeFailure failure = onlyFailure(feed(channel(1024), header));
    assertThat(failure.closeConnection()).isTrue();
    assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
  }

  @Test
  void lengthBeyondWhatArrivesWaitsWithoutAllocatingTheMessage() {
    EmbeddedChannel channel = channel(Message.MAX_LENGTH);
    // claims 65,535 bytes, sends 20
    assertThat(
            feed(channel, TestHex.bytes("10 40 07 00  ffff 0000  00000001  80 05 ffff 0000 0000")))
        .isEmpty();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void attributeOverrunningTheMessageIsAFramingError() {
    // Status claims 8 bytes of value, the message ends after 2
    byte[] bytes = TestHex.bytes("10 40 02 00  0012 0000  00000005  80 0c 0008 0000");
    DecodeFailure failure = onlyFailure(feed(channel(1024), bytes));
    assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
    assertThat(failure.closeConnection()).isTrue();
    assertThat(failure.answer().orElseThrow().header().transactionId()).isEqualTo(5);
  }

  @Test
  void truncatedAttributeHeaderAtTheEndIsAFramingError() {
    byte[] bytes = TestHex.bytes("10 40 02 00  000e 0000  00000005  80 0c");
    DecodeFailure failure = onlyFailure(feed(channel(1024), bytes));
    assertThat(failure.closeConnection()).isTrue();
  }

  @Test
  void nestedAttributeOverrunningItsCompositeIs401AndTheStreamGoesOn() {
    // Destination Peer Info of 20 bytes whose Peer-ID claims 32
    byte[] bad =
        TestHex.bytes(
            "18 40 00 00  002a 0000  00000006  80 07 0002 00c8  80 04 0014  80 02 0020"
                + "00112233445566778899aabbccddeeff");
    List<Object> decoded = feed(channel(1024), concat(bad, LEAVE));
    assertThat(decoded).hasSize(2);
    DecodeFailure failure = (DecodeFailure) decoded.get(0);
    assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
    assertThat(failure.closeConnection()).isFalse();
    assertThat(failure.answer()).as("a response is never answered").isEmpty();
    assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
  }

  @Test
  void unknownAttributeWithMandatoryBitIs435AndTheStreamGoesOn() {
    byte[] bad = TestHex.bytes("10 40 02 00  0012 0000  00000007  80 7f 0002 abcd");
    List<Object> decoded = feed(channel(1024), concat(bad, LEAVE));
    DecodeFailure failure = (DecodeFailure) decoded.get(0);
    assertThat(failure.code()).isEqualTo(ResponseCode.UNRECOGNIZED_OBJECT_TYPE);
    assertThat(failure.closeConnection()).isFalse();
    Message answer = failure.answer().orElseThrow();
    assertThat(answer.response().code()).isEqualTo(435);
    assertThat(answer.type()).isEqualTo(MessageType.KEEPALIVE);
    assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
  }

  @Test
  void unknownAttributeWithoutMandatoryBitIsSkipped() {
    byte[] bytes = TestHex.bytes("10 40 01 00  0012 0000  0000beef  00 7f 0002 abcd");
    assertThat(feed(channel(1024), bytes)).containsExactly(LEAVE_MODEL);
  }

  @Test
  void unknownMessageTypeIs434CopyingTypeAndTransactionId() {
    byte[] bad = TestHex.bytes("10 40 0b 00  000c 0000  0000abcd");
    List<Object> decoded = feed(channel(1024), concat(bad, LEAVE));
    DecodeFailure failure = (DecodeFailure) decoded.get(0);
    assertThat(failure.code()).isEqualTo(ResponseCode.UNRECOGNIZED_MESSAGE_TYPE);
    assertThat(failure.closeConnection()).isFalse();
    Message answer = failure.answer().orElseThrow();
    assertThat(answer.header().type()).isEqualTo(11);
    assertThat(answer.header().transactionId()).isEqualTo(0xABCD);
    assertThat(answer.response()).isEqualTo(new ResponseAttribute(434, null));
    Message decodedAnswer = MessageCodec.decode(MessageCodec.encodeToBytes(answer));
    assertThat(decodedAnswer.header().type()).as("the answer itself decodes").isEqualTo(11);
    assertThat(decodedAnswer.response().code()).isEqualTo(434);
    assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
  }

  @Test
  void version2LosesFramingAndIsAnswered401() {
    EmbeddedChannel channel = channel(1024);
    DecodeFailure failure =
        onlyFailure(feed(channel, TestHex.bytes("20 40 01 00  000c 0000  00000009"), LEAVE));
    assertThat(failure.closeConnection()).isTrue();
    assertThat(failure.answer().orElseThrow().header().transactionId()).isEqualTo(9);
    assertThat(feed(channel, LEAVE)).isEmpty();
  }

  @Test
  void requestWithSuppressedResponseGetsNoErrorAnswer() {
    byte[] bad = TestHex.bytes("10 60 02 00  0012 0000  00000007  80 7f 0002 abcd");
    DecodeFailure failure = onlyFailure(feed(channel(1024), bad));
    assertThat(failure.code()).isEqualTo(ResponseCode.UNRECOGNIZED_OBJECT_TYPE);
    assertThat(failure.answer()).isEmpty();
  }

  @Test
  void malformedKnownAttributeIs401WithoutClosing() {
    // Status with a 3-byte value, and an invalid Status code 9
    for (String hex :
        List.of(
            "10 40 02 00  0013 0000  00000001  80 0c 0003 000000",
            "10 40 02 00  0012 0000  00000001  80 0c 0002 0009")) {
      List<Object> decoded = feed(channel(1024), concat(TestHex.bytes(hex), LEAVE));
      DecodeFailure failure = (DecodeFailure) decoded.get(0);
      assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
      assertThat(failure.closeConnection()).isFalse();
      assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
    }
  }

  @Test
  void repeatedSecuritySubAttributeIs401() {
    byte[] bad =
        TestHex.bytes(
            "10 40 00 00  0024 0000  00000001  80 13 0004 c0000201"
                + "80 14 0010  80 02 0001 61  80 02 0003 626262");
    assertThat(onlyFailure(feed(channel(1024), bad)).code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
  }

  @Test
  void invalidUtf8InAnOverlayNameIs401() {
    byte[] bad = TestHex.bytes("10 40 0c 00  0016 0000  00000001  80 12 0006 01000001 c328");
    assertThat(onlyFailure(feed(channel(1024), bad)).code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
  }

  @Test
  void clientAttributesNestedTooDeeplyAre401() {
    // Client(IPv4) containing Client containing ... six levels
    byte[] inner = TestHex.bytes("80 13 0004 c0000201");
    for (int level = 0; level < 6; level++) {
      byte[] wrapped = new byte[inner.length + 8];
      byte[] head = TestHex.bytes("80 13");
      System.arraycopy(head, 0, wrapped, 0, 2);
      wrapped[2] = (byte) ((inner.length + 4) >>> 8);
      wrapped[3] = (byte) (inner.length + 4);
      System.arraycopy(TestHex.bytes("c0000201"), 0, wrapped, 4, 4);
      System.arraycopy(inner, 0, wrapped, 8, inner.length);
      inner = wrapped;
    }
    byte[] header = TestHex.bytes("10 40 0c 00  0000 0000  00000001");
    int length = header.length + inner.length;
    header[4] = (byte) (length >>> 8);
    header[5] = (byte) length;
    DecodeFailure failure = onlyFailure(feed(channel(1024), concat(header, inner)));
    assertThat(failure.code()).isEqualTo(ResponseCode.BAD_PARAMETERS);
    assertThat(failure.closeConnection()).isFalse();
  }

  static Message maximalPut() {
    int contentLength =
        Message.MAX_LENGTH
            - Header.CLIENT_HEADER_LENGTH
            - 4 // attribute header
            - ResourceInfo.FIXED_LENGTH;
    byte[] content = new byte[contentLength];
    new Random(1).nextBytes(content);
    return Message.of(
        Header.clientRequest(MessageType.PUT, 77),
        new ResourceInfo(
            ValueType.OPAQUE.code(), Id128.random(), null, null, null, Octets.wrap(content)));
  }

  @Test
  void maximumSizeMessageDecodesWhenTheLimitAllowsIt() {
    Message put = maximalPut();
    byte[] bytes = MessageCodec.encodeToBytes(put);
    assertThat(bytes).hasSize(Message.MAX_LENGTH);
    EmbeddedChannel channel = channel(Message.MAX_LENGTH);
    List<Object> decoded = feed(channel, bytes, LEAVE);
    assertThat(decoded).containsExactly(put, LEAVE_MODEL);
    channel.finish();
  }

  @Test
  void messageOverTheConfiguredLimitIsReadToItsEndAndAnswered433() {
    byte[] bytes = MessageCodec.encodeToBytes(maximalPut());
    EmbeddedChannel channel = channel(1024);
    List<Object> decoded = new java.util.ArrayList<>();
    // arrive in uneven pieces: the decoder must skip exactly the message, nothing more
    for (int i = 0; i < bytes.length; i += 1000) {
      decoded.addAll(
          feed(channel, java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 1000))));
    }
    decoded.addAll(feed(channel, LEAVE));
    assertThat(decoded).hasSize(2);
    DecodeFailure failure = (DecodeFailure) decoded.get(0);
    assertThat(failure.code()).isEqualTo(ResponseCode.MESSAGE_TOO_LARGE);
    assertThat(failure.closeConnection()).isFalse();
    assertThat(failure.answer().orElseThrow().header().transactionId()).isEqualTo(77);
    assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
    channel.finish();
  }

  @Test
  void randomGarbageNeverThrowsAndNeverLeaks() {
    Random random = new Random(42);
    for (int round = 0; round < 2_000; round++) {
      byte[] garbage = new byte[random.nextInt(200)];
      random.nextBytes(garbage);
      if (garbage.length > 0 && random.nextBoolean()) {
        garbage[0] = 0x10; // version 1, to get past the first check
      }
      EmbeddedChannel channel = channel(512);
      for (Object decoded : feed(channel, garbage)) {
        assertThat(decoded).isInstanceOfAny(Message.class, DecodeFailure.class);
      }
      channel.finishAndReleaseAll();
    }
  }
}
