package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.protocol.codec.CodecChannelTest.drainInbound;
import static org.p2psip.protocol.codec.CodecChannelTest.pooled;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final List<EmbeddedChannel> OPEN = new ArrayList<>();

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

  // ---- peer-protocol composites (docs/peer-protocol.md 2.3, section 9) ----

  static final String PEER_IDS =
      "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf 4c4d4e4f505152535455565758595a5b";

  /** A Source Peer Info (0x03) or Routing Table entry of 46 bytes. */
  static final String PEER_INFO =
      "80 03 002a  80 02 0010 303132333435363738393a3b3c3d3e3f  80 01 0002 0000"
          + "  80 00 000c 00 00 17ce 00000000 0a000106";

  /** A peer request (TRANSFER, TTL 1, Transaction-ID 0xabc) holding the given attributes. */
  static byte[] peerRequest(String attributesHex) {
    byte[] attributes = TestHex.bytes(attributesHex);
    byte[] header = TestHex.bytes("10 00 06 01  0000 0000  00000abc" + PEER_IDS);
    int length = header.length + attributes.length;
    header[4] = (byte) (length >>> 8);
    header[5] = (byte) length;
    return concat(header, attributes);
  }

  /** 401, the connection kept, the answer copying the Transaction-ID, the next message decoded. */
  static void refusedWith401AndTheStreamGoesOn(String attributesHex) {
    List<Object> decoded = feed(channel(1024), concat(peerRequest(attributesHex), LEAVE));
    assertThat(decoded).as(attributesHex).hasSize(2);
    DecodeFailure failure = (DecodeFailure) decoded.get(0);
    assertThat(failure.code()).as(attributesHex).isEqualTo(ResponseCode.BAD_PARAMETERS);
    assertThat(failure.closeConnection()).isFalse();
    assertThat(failure.answer().orElseThrow().header().transactionId()).isEqualTo(0xabc);
    assertThat(decoded.get(1)).isEqualTo(LEAVE_MODEL);
  }

  @Test
  void wellFormedPeerCompositesDecode() {
    String entry = "80 02 0010 " + "ab".repeat(16) + " 80 00 000c 00 01 17c4 00000000 0a000106";
    byte[] ok =
        peerRequest("80 0b 0032  00 01 00 00 " + PEER_INFO + "80 08 0028  01 03 05 00 " + entry);
    assertThat(feed(channel(1024), ok)).singleElement().isInstanceOf(Message.class);
  }

  @Test
  void routingTableCountsThatDisagreeWithItsEntriesAre401() {
    refusedWith401AndTheStreamGoesOn("80 0b 0032  01 01 01 00 " + PEER_INFO); // say 3, hold 1
    refusedWith401AndTheStreamGoesOn("80 0b 0004  00 01 00 00"); // say 1, hold none
    refusedWith401AndTheStreamGoesOn("80 0b 0060  00 01 00 00 " + PEER_INFO + PEER_INFO); // 1 vs 2
  }

  @Test
  void routingTableCountsAboveTheLimitsAre401() {
    refusedWith401AndTheStreamGoesOn("80 0b 0004  11 00 00 00"); // NP 17
    refusedWith401AndTheStreamGoesOn("80 0b 0004  00 11 00 00"); // NS 17
    refusedWith401AndTheStreamGoesOn("80 0b 0004  00 00 81 00"); // NF 129
    refusedWith401AndTheStreamGoesOn("80 0b 0004  ff ff ff 00");
  }

  @Test
  void routingTableEntriesOtherThanSourcePeerInfoAre401() {
    refusedWith401AndTheStreamGoesOn(
        "80 0b 0032  00 01 00 00 " + PEER_INFO.replace("80 03", "80 04"));
    refusedWith401AndTheStreamGoesOn("80 0b 0018  00 01 00 00  80 02 0010 " + "ab".repeat(16));
    refusedWith401AndTheStreamGoesOn("80 0b 0003  00 01 00"); // shorter than its fixed part
  }

  @Test
  void truncatedAndOversizedNestedTlvsAre401WithoutAllocating() {
    // a Peer Info in a Routing Table whose Peer-ID claims 0x0100 bytes
    refusedWith401AndTheStreamGoesOn(
        "80 0b 0032  00 01 00 00  80 03 002a  80 02 0100 303132333435363738393a3b3c3d3e3f"
            + "  80 01 0002 0000  80 00 000c 00 00 17ce 00000000 0a000106");
    // an entry that claims more than the Routing Table holds
    refusedWith401AndTheStreamGoesOn("80 0b 0008  00 01 00 00  80 03 ffff");
    // a Routing Table entry cut after its TLV header
    refusedWith401AndTheStreamGoesOn("80 0b 0006  00 01 00 00  80 03");
    // a Stored Object whose Resource Info claims 65,535 bytes
    refusedWith401AndTheStreamGoesOn(
        "80 20 002a  0000019a2b3c4d5e 0000019a2b733bde 00 00  80 05 ffff"
            + "  6001 0000 45a6b241a242c97f0492d382c390dfa3");
    // a Stored Object whose Resource Info flags announce more than it holds
    refusedWith401AndTheStreamGoesOn(
        "80 20 002a  0000019a2b3c4d5e 0000019a2b733bde 00 00  80 05 0014"
            + "  7001 0014 45a6b241a242c97f0492d382c390dfa3");
    // a Service Peer Info whose Peer-ID overruns it
    refusedWith401AndTheStreamGoesOn("80 08 000c  01 03 05 00  80 02 0010 abababab");
  }

  @Test
  void storedObjectsHoldExactlyOneResourceInfo() {
    String resourceInfo = "80 05 0014  0000 0000 45a6b241a242c97f0492d382c390dfa3";
    refusedWith401AndTheStreamGoesOn("80 20 0012  0000019a2b3c4d5e 0000019a2b733bde 00 00");
    refusedWith401AndTheStreamGoesOn(
        "80 20 0042  0000019a2b3c4d5e 0000019a2b733bde 00 00 " + resourceInfo + resourceInfo);
    refusedWith401AndTheStreamGoesOn(
        "80 20 0026  0000019a2b3c4d5e 0000019a2b733bde 00 00  80 02 0010 " + "ab".repeat(16));
  }

  @Test
  void servicePeerInfoNumThatDisagreesWithItsEntriesIs401() {
    String entry = "80 02 0010 " + "ab".repeat(16) + " 80 00 000c 00 01 17c4 00000000 0a000106";
    refusedWith401AndTheStreamGoesOn("80 08 0028  02 03 05 00 " + entry); // Num 2, one entry
    refusedWith401AndTheStreamGoesOn("80 08 0004  01 03 05 00"); // Num 1, none
    refusedWith401AndTheStreamGoesOn("80 08 0028  00 03 05 00 " + entry); // Num 0, one entry
    refusedWith401AndTheStreamGoesOn("80 08 0018  01 03 05 00  80 02 0010 " + "ab".repeat(16));
    refusedWith401AndTheStreamGoesOn(
        "80 08 0014  00 03 05 00 80 00 000c 00 01 17c4 00000000 0a000106");
    refusedWith401AndTheStreamGoesOn("80 08 0028  01 04 05 00 " + entry); // service type 4
    refusedWith401AndTheStreamGoesOn("80 08 0003  00 03 05"); // shorter than its fixed part
  }

  @Test
  void negotiationInfoOfAnotherLengthModeOrReasonIs401() {
    String base =
        "00000000 303132333435363738393a3b3c3d3e3f 4c4d4e4f505152535455565758595a5b"
            + " 0000000000000000 00000001 00000000";
    refusedWith401AndTheStreamGoesOn("80 06 0039  02 01 80 00 " + base + " 00"); // 57 bytes
    refusedWith401AndTheStreamGoesOn(
        "80 06 0037  02 01 80 00 " + base.substring(0, base.length() - 2));
    refusedWith401AndTheStreamGoesOn("80 06 0038  05 01 80 00 " + base); // Mode 5
    refusedWith401AndTheStreamGoesOn("80 06 0038  00 01 80 00 " + base); // Mode 0
    refusedWith401AndTheStreamGoesOn("80 06 0038  02 05 80 00 " + base); // Reason 5
    refusedWith401AndTheStreamGoesOn("80 06 0038  02 00 80 00 " + base); // Reason 0
    refusedWith401AndTheStreamGoesOn("80 06 0038  03 04 00 00 " + base); // DIGEST without Digest
    refusedWith401AndTheStreamGoesOn("80 06 0058  01 04 00 00 " + base + "ab".repeat(32));
    refusedWith401AndTheStreamGoesOn("80 06 0238  03 04 00 00 " + base + "ab".repeat(32 * 16));
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
    List<Object> decoded = new ArrayList<>();
    // arrive in uneven pieces: the decoder must skip exactly the message, nothing more
    for (int i = 0; i < bytes.length; i += 1000) {
      decoded.addAll(feed(channel, Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 1000))));
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
