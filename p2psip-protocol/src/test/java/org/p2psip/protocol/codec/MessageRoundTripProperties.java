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
import org.p2psip.protocol.message.Message;

/** Every message the model can express survives encode/decode unchanged, however it is framed. */
class MessageRoundTripProperties {

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
