package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.TestHex;
import org.p2psip.protocol.codec.GoldenVectorsTest.Vector;
import org.p2psip.protocol.message.Message;

/**
 * The codec inside a real (embedded) Netty pipeline: frames split at every byte boundary, many
 * frames coalesced, encoder output, and no buffer leaked at PARANOID leak detection.
 */
class CodecChannelTest {

  static final List<Vector> VECTORS = GoldenVectorsTest.vectors().toList();

  @BeforeAll
  static void leakDetectionIsParanoid() {
    assertThat(RecordingLeakDetector.installed())
        .as("surefire installs RecordingLeakDetector")
        .isTrue();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @BeforeEach
  void startClean() {
    RecordingLeakDetector.collectLeaks();
    RecordingLeakDetector.clear();
  }

  @AfterEach
  void noLeaks() {
    assertThat(RecordingLeakDetector.collectLeaks()).isEmpty();
  }

  static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    P2psipCodec.addLast(channel.pipeline(), Message.MAX_LENGTH);
    return channel;
  }

  static ByteBuf pooled(byte[] bytes, int from, int to) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(to - from);
    buf.writeBytes(bytes, from, to - from);
    return buf;
  }

  static byte[] allVectorsBackToBack() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (Vector vector : VECTORS) {
      stream.writeBytes(TestHex.bytes(vector.hex()));
    }
    return stream.toByteArray();
  }

  static List<Object> drainInbound(EmbeddedChannel channel) {
    List<Object> out = new ArrayList<>();
    Object next;
    while ((next = channel.readInbound()) != null) {
      out.add(next);
    }
    return out;
  }

  static List<Message> models() {
    return VECTORS.stream().map(Vector::model).toList();
  }

  @Test
  void everySplitPointOfEveryVectorDecodesTheSameMessage() {
    for (Vector vector : VECTORS) {
      byte[] bytes = TestHex.bytes(vector.hex());
      for (int split = 1; split < bytes.length; split++) {
        EmbeddedChannel channel = channel();
        channel.writeInbound(pooled(bytes, 0, split));
        assertThat((Object) channel.readInbound()).as("%s before byte %d", vector, split).isNull();
        channel.writeInbound(pooled(bytes, split, bytes.length));
        assertThat(drainInbound(channel))
            .as("%s split at %d", vector, split)
            .containsExactly(vector.model());
        assertThat(channel.finish()).isFalse();
      }
    }
  }

  @Test
  void allVectorsFedOneByteAtATimeDecodeInOrder() {
    byte[] stream = allVectorsBackToBack();
    EmbeddedChannel channel = channel();
    List<Object> decoded = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      channel.writeInbound(pooled(stream, i, i + 1));
      decoded.addAll(drainInbound(channel));
    }
    assertThat(decoded).containsExactlyElementsOf(models());
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void allVectorsCoalescedInOneBufferDecodeInOrder() {
    byte[] stream = allVectorsBackToBack();
    EmbeddedChannel channel = channel();
    channel.writeInbound(pooled(stream, 0, stream.length));
    assertThat(drainInbound(channel)).containsExactlyElementsOf(models());
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void chunksOfSevenBytesStraddlingFramesDecodeInOrder() {
    byte[] stream = allVectorsBackToBack();
    EmbeddedChannel channel = channel();
    List<Object> decoded = new ArrayList<>();
    for (int i = 0; i < stream.length; i += 7) {
      channel.writeInbound(pooled(stream, i, Math.min(stream.length, i + 7)));
      decoded.addAll(drainInbound(channel));
    }
    assertThat(decoded).containsExactlyElementsOf(models());
    channel.finish();
  }

  @Test
  void encoderWritesTheGoldenBytes() {
    EmbeddedChannel channel = channel();
    for (Vector vector : VECTORS) {
      channel.writeOutbound(vector.model());
      ByteBuf written = channel.readOutbound();
      try {
        byte[] bytes = new byte[written.readableBytes()];
        written.readBytes(bytes);
        assertThat(bytes).as(vector.name()).isEqualTo(TestHex.bytes(vector.hex()));
      } finally {
        written.release();
      }
    }
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void theLeakCheckFindsALeakWhenThereIsOne() {
    leakOneBuffer();
    List<String> leaks = RecordingLeakDetector.collectLeaks();
    RecordingLeakDetector.clear();
    assertThat(leaks).isNotEmpty();
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(8);
    leaked.writeLong(42); // and it goes out of scope unreleased
  }
}
