package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.ReloadDecodingException;

/**
 * Coverage-guided fuzzing of every decoder that reads bytes from the network (Jazzer).
 *
 * <p>In the normal test run Surefire sets {@code JAZZER_FUZZ=1} for this class and {@link
 * #decoders} fuzzes for 100,000 inputs; {@link #decodersUntilStopped} is the same target for long
 * runs (see docs/fuzzing.md). Each input is fed to a real pipeline in fuzzer-chosen chunks under a
 * fuzzer-chosen size limit, to the whole-message decoder, and to the RELOAD structure decoders. The
 * properties checked: nothing but a Message or a DecodeFailure comes out, only the typed exceptions
 * are thrown, every accepted message re-encodes to bytes that decode to the same message, and no
 * buffer is left unreleased.
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
  static void reportExecutions() throws java.io.IOException {
    String summary = "decoder fuzzing: " + EXECUTED.get() + " executions without a finding";
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "fuzz-summary.txt"), summary);
    System.out.println(summary);
    if ("1".equals(System.getenv("JAZZER_FUZZ"))) {
      assertThat(EXECUTED.get()).isGreaterThanOrEqualTo(EXECUTIONS);
    }
  }

  static void fuzzOnce(FuzzedDataProvider data) {
    EXECUTED.incrementAndGet();
    int maxLength = data.consumeInt(44, Message.MAX_LENGTH);
    int chunk = data.consumeInt(1, 512);
    byte[] bytes = data.consumeRemainingAsBytes();

    pipeline(bytes, maxLength, chunk);
    wholeMessage(bytes);
    reloadStructures(bytes);
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
      assertStableRoundTrip(MessageCodec.decode(bytes));
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
