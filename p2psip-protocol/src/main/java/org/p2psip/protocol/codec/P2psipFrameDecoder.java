package org.p2psip.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;

/**
 * Cuts the byte stream into messages (docs/protocol.md section 1). Emits each message as a retained
 * slice of exactly Message Length bytes, or a {@link DecodeFailure}; nothing is allocated before
 * the length has been checked against the configured maximum.
 *
 * <p>States: reading a header; discarding a message over the maximum (read to its end, then 433,
 * and framing goes on); failed (framing lost: a version other than 1 or a Message Length smaller
 * than its header yields one 401 failure that asks to close, and every later byte is dropped).
 */
public final class P2psipFrameDecoder extends ByteToMessageDecoder {

  private enum State {
    READ_HEADER,
    DISCARD,
    FAILED
  }

  private final int maxMessageLength;
  private State state = State.READ_HEADER;
  private long discardRemaining;
  private Header discardedHeader;

  /**
   * @param maxMessageLength largest message accepted, between 44 (a peer header) and 65,535
   */
  public P2psipFrameDecoder(int maxMessageLength) {
    if (maxMessageLength < Header.PEER_HEADER_LENGTH || maxMessageLength > Message.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maximum message length must lie in [44, 65535]: " + maxMessageLength);
    }
    this.maxMessageLength = maxMessageLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case READ_HEADER -> readFrame(in, out);
      case DISCARD -> discard(in, out);
      case FAILED -> in.skipBytes(in.readableBytes());
    }
  }

  private void readFrame(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < Header.CLIENT_HEADER_LENGTH) {
      return;
    }
    int start = in.readerIndex();
    if (MessageCodec.version(in, start) != Header.VERSION) {
      fail(in, out, MessageCodec.readHeader(in, start, true), "unsupported protocol version");
      return;
    }
    int headerLength =
        MessageCodec.clientHeader(in, start)
            ? Header.CLIENT_HEADER_LENGTH
            : Header.PEER_HEADER_LENGTH;
    if (in.readableBytes() < headerLength) {
      return;
    }
    int length = in.getUnsignedShort(start + MessageCodec.LENGTH_OFFSET);
    if (length < headerLength) {
      fail(in, out, MessageCodec.readHeader(in, start, false), "Message Length below header size");
      return;
    }
    if (length > maxMessageLength) {
      discardedHeader = MessageCodec.readHeader(in, start, false);
      discardRemaining = length;
      state = State.DISCARD;
      discard(in, out);
      return;
    }
    if (in.readableBytes() >= length) {
      out.add(in.readRetainedSlice(length));
    }
  }

  private void discard(ByteBuf in, List<Object> out) {
    int skip = (int) Math.min(discardRemaining, in.readableBytes());
    in.skipBytes(skip);
    discardRemaining -= skip;
    if (discardRemaining == 0) {
      out.add(
          new DecodeFailure(
              ResponseCode.MESSAGE_TOO_LARGE,
              discardedHeader,
              false,
              "message over the " + maxMessageLength + "-byte limit"));
      discardedHeader = null;
      state = State.READ_HEADER;
    }
  }

  private void fail(ByteBuf in, List<Object> out, Header header, String reason) {
    state = State.FAILED;
    in.skipBytes(in.readableBytes());
    out.add(new DecodeFailure(ResponseCode.BAD_PARAMETERS, header, true, reason));
  }

  /** True once framing is lost; the connection should be closed. */
  public boolean failed() {
    return state == State.FAILED;
  }
}
