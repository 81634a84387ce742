package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.p2psip.protocol.attribute.AttributeType;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerViolation;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.ReloadDecodingException;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Coverage-guided fuzzing of every decoder that reads bytes from the network (Jazzer).
 *
 * <p>In the normal test run Surefire sets {@code JAZZER_FUZZ=1} for this class and {@link
 * #decoders} fuzzes for 100,000 inputs; {@link #decodersUntilStopped} is the same target for long
 * runs (see docs/fuzzing.md). Each input is fed to a real pipeline in fuzzer-chosen chunks under a
 * fuzzer-chosen size limit, to the whole-message decoder, and to the RELOAD structure decoders. The
 * same bytes are also fed as the Value of a fuzzer-chosen peer-protocol composite (Negotiation
 * Info, Service Peer Info, Routing Table, Stored Object, Source Peer Info) in a peer request, its
 * Length field skewed by a fuzzer-chosen amount, so that nested TLVs, counts and truncations are
 * reached at once; every decoded peer message goes through {@link PeerMessageValidator}. The
 * properties checked: nothing but a Message or a DecodeFailure comes out, only the typed exceptions
 * are thrown, every accepted message re-encodes to bytes that decode to the same message, the
 * validator never throws and its answers encode, and no buffer is left unreleased.
 */
class DecoderFuzzTest {

  static final long EXECUTIONS = 100_000;
  private static final AtomicLong EXECUTED = new AtomicLong();

  @FuzzTest(maxExecutions = EXECUTIONS)
  void decoders(FuzzedDataProvider data) {
    fuzzOnce(data);
  }

  /** In fuzzing mode, proves the budget was really spent (regression mode runs a few seeds). */
  @AfterAll
  static void reportExecutions() throws IOException {
    String summary = "decoder fuzzing: " + EXECUTED.get() + " executions without a finding";
    Files.writeString(Path.of("target", "fuzz-summary.txt"), summary);
    System.out.println(summary);
    if ("1".equals(System.getenv("JAZZER_FUZZ"))) {
      assertThat(EXECUTED.get()).isGreaterThanOrEqualTo(EXECUTIONS);
    }
  }

  static void fuzzOnce(FuzzedDataProvider data) {
    EXECUTED.incrementAndGet();
    int maxLength = data.consumeInt(44, Message.MAX_LENGTH);
    int chunk = data.consumeInt(1, 512);
    int composite = data.consumeInt(-1, COMPOSITES.length - 1); // -1: raw bytes only
    int skew = data.consumeBoolean() ? data.consumeInt(-6, 6) : 0;
    byte[] bytes = data.consumeRemainingAsBytes();

    pipeline(bytes, maxLength, chunk);
    wholeMessage(bytes);
    reloadStructures(bytes);

    if (composite >= 0) {
      // framing is right by construction, so the whole-message decoder sees what a pipeline would
      wholeMessage(inPeerComposite(COMPOSITES[composite], bytes, skew));
    }
  }

  /** The peer-protocol composites whose Value the fuzzer writes. */
  static final int[] COMPOSITES = {
    AttributeType.NEGOTIATION_INFO,
    AttributeType.SERVICE_PEER_INFO,
    AttributeType.ROUTING_TABLE,
    AttributeType.STORED_OBJECT,
    AttributeType.SOURCE_PEER_INFO,
  };

  static final Id128 SOURCE = Id128.fromHex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
  static final Id128 DESTINATION = Id128.fromHex("4c4d4e4f505152535455565758595a5b");

  /**
   * A TRANSFER request (peer header, TTL 1) holding one TLV of {@code type} whose Value is {@code
   * value} and whose Length field says {@code value.length + skew} (a truncated or an overrunning
   * TLV when the skew is not 0). Message Length is always right, so framing holds.
   */
  static byte[] inPeerComposite(int type, byte[] value, int skew) {
    int valueLength = Math.min(value.length, Message.MAX_LENGTH - 48);
    int stated = Math.max(0, Math.min(0xFFFF, valueLength + skew));
    ByteBuf out = Unpooled.buffer(48 + valueLength);
    out.writeBytes(new byte[] {0x10, 0x00, 0x06, 0x01});
    out.writeShort(48 + valueLength);
    out.writeShort(0);
    out.writeInt(0x5eed0000 + type);
    out.writeBytes(SOURCE.unsafeArray());
    out.writeBytes(DESTINATION.unsafeArray());
    out.writeByte(0x80);
    out.writeByte(type);
    out.writeShort(stated);
    out.writeBytes(value, 0, valueLength);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    return bytes;
  }

  static final PeerInfo RESPONDER =
      PeerInfo.destination(
          DESTINATION,
          PeerServiceCapability.NONE,
          List.of(
              new PeerAddressInfo(
                  PeerAddressInfo.Transport.TCP,
                  PeerAddressInfo.CandidateType.HOST,
                  6094,
                  0,
                  Octets.fromHex("0a000107"))));

  static final OverlayInfo OVERLAY = new OverlayInfo(HashAlgorithm.SHA1, 0xabcdef, "example");

  /** The validator's checks never throw on a decoded message, and their answers encode. */
  private static void validate(Message message) {
    for (Optional<PeerViolation> violation :
        List.of(
            PeerMessageValidator.violation(message),
            PeerMessageValidator.violation(message, SOURCE, DESTINATION),
            PeerMessageValidator.handshakeViolation(message, OVERLAY, SOURCE, DESTINATION))) {
      violation
          .flatMap(v -> v.answer(message, RESPONDER, PeerResponses.DEFAULT_INITIAL_TTL))
          .ifPresent(MessageCodec::encodeToBytes);
    }
  }

  private static void pipeline(byte[] bytes, int maxLength, int chunk) {
    EmbeddedChannel channel = new EmbeddedChannel();
    P2psipCodec.addLast(channel.pipeline(), maxLength);
    ByteBuf input = Unpooled.wrappedBuffer(bytes);
    while (input.isReadable()) {
      channel.writeInbound(input.readRetainedSlice(Math.min(chunk, input.readableBytes())));
      Object decoded;
      while ((decoded = channel.readInbound()) != null) {
        assertThat(decoded).isInstanceOfAny(Message.class, DecodeFailure.class);
        if (decoded instanceof DecodeFailure failure) {
          failure.answer().ifPresent(MessageCodec::encodeToBytes);
        } else {
          assertStableRoundTrip((Message) decoded);
          validate((Message) decoded);
        }
      }
    }
    channel.finishAndReleaseAll();
    if (bytes.length > 0) { // an empty wrapped buffer is the shared, unreleasable EMPTY_BUFFER
      input.release();
      assertThat(input.refCnt()).as("every slice released").isZero();
    }
  }

  private static void wholeMessage(byte[] bytes) {
    try {
      Message message = MessageCodec.decode(bytes);
      assertStableRoundTrip(message);
      validate(message);
    } catch (MalformedMessageException expected) {
      // the typed failure every malformed input must produce
    }
  }

  private static void assertStableRoundTrip(Message message) {
    byte[] encoded = MessageCodec.encodeToBytes(message);
    assertThat(MessageCodec.decode(encoded)).isEqualTo(message);
  }

  private static void reloadStructures(byte[] bytes) {
    try {
      byte[] again = DisCoRegistrations.decode(bytes).encode();
      assertThat(DisCoRegistrations.decode(again).encode()).isEqualTo(again);
    } catch (ReloadDecodingException expected) {
      // typed failure
    }
    try {
      assertThat(DictionaryEntry.decode(bytes).encode()).isEqualTo(bytes);
    } catch (ReloadDecodingException expected) {
      // typed failure
    }
    try {
      assertThat(Coordinate.decode(bytes).encode()).isEqualTo(bytes);
    } catch (ReloadDecodingException expected) {
      // typed failure
    }
  }
}
