package org.p2psip.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.p2psip.protocol.message.Message;

/** Writes {@link Message}s into buffers of exactly their encoded size. Stateless and shared. */
@Sharable
public final class P2psipMessageEncoder extends MessageToByteEncoder<Message> {

  public static final P2psipMessageEncoder INSTANCE = new P2psipMessageEncoder();

  private P2psipMessageEncoder() {
    super(Message.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Message msg, boolean preferDirect) {
    int size = msg.encodedLength();
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) {
    MessageCodec.encode(msg, out);
  }
}
