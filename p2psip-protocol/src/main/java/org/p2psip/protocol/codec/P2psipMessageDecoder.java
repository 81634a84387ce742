package org.p2psip.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.List;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;

/**
 * Turns each frame from {@link P2psipFrameDecoder} into a {@link Message}, or into a {@link
 * DecodeFailure} carrying the response code to answer with. Failures from the frame decoder pass
 * through. Stateless, so one instance serves every channel.
 */
@Sharable
public final class P2psipMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

  public static final P2psipMessageDecoder INSTANCE = new P2psipMessageDecoder();

  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(P2psipMessageDecoder.class);

  private P2psipMessageDecoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      out.add(MessageCodec.decode(frame));
    } catch (MalformedMessageException e) {
      out.add(e.toFailure());
    } catch (RuntimeException e) {
      // A decoder bug must not become an uncaught exception on the event loop: treat the frame as
      // malformed, drop the connection, and leave a trace for the developers.
      LOG.warn(
          "decoder failed on a {}-byte frame from {}", frame.readableBytes(), ctx.channel(), e);
      out.add(new DecodeFailure(ResponseCode.BAD_PARAMETERS, null, true, "undecodable frame"));
    }
  }
}
