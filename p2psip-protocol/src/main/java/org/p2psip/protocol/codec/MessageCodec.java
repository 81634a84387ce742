package org.p2psip.protocol.codec;

import static org.p2psip.protocol.codec.MalformedMessageException.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * Encodes and decodes whole messages (docs/protocol.md sections 1 and 2), independent of any
 * channel. The Netty handlers in this package use it; other transports may too.
 */
public final class MessageCodec {

  static final int VERSION_SHIFT = 4;
  static final int R_BIT = 0x08;
  static final int H_BIT = 0x04;
  static final int D_BIT = 0x02;
  static final int F_BIT = 0x01;
  static final int J_BIT = 0x80;
  static final int C_BIT = 0x40;
  static final int E_BIT = 0x20;

  /** Offset of the Message Length field. */
  static final int LENGTH_OFFSET = 4;

  private MessageCodec() {}

  // ---- decoding ----

  /** The version in the first byte at {@code index}. */
  static int version(ByteBuf in, int index) {
    return in.getUnsignedByte(index) >>> VERSION_SHIFT;
  }

  /** True when the C flag at {@code index} selects the 12-byte client header. */
  static boolean clientHeader(ByteBuf in, int index) {
    return (in.getUnsignedByte(index + 1) & C_BIT) != 0;
  }

  /**
   * Reads the header at {@code index} without moving the reader index. The caller has checked that
   * enough bytes are there: 12 for a client header (or when {@code forceClient}), else 44.
   *
   * @param forceClient read only the 12 common bytes, as a client header; used to answer a frame
   *     whose version says its layout cannot be trusted
   */
  static Header readHeader(ByteBuf in, int index, boolean forceClient) {
    int b0 = in.getUnsignedByte(index);
    int b1 = in.getUnsignedByte(index + 1);
    boolean client = forceClient || (b1 & C_BIT) != 0;
    Id128 source = null;
    Id128 destination = null;
    if (!client) {
      byte[] src = new byte[Id128.LENGTH];
      byte[] dst = new byte[Id128.LENGTH];
      in.getBytes(index + 12, src);
      in.getBytes(index + 28, dst);
      source = Id128.wrap(src);
      destination = Id128.wrap(dst);
    }
    return new Header(
        in.getUnsignedByte(index + 2),
        (b0 & R_BIT) != 0,
        client,
        client && (b1 & E_BIT) != 0,
        (b0 & H_BIT) != 0,
        (b0 & D_BIT) != 0,
        (b0 & F_BIT) != 0,
        (b1 & J_BIT) != 0,
        in.getUnsignedByte(index + 3),
        in.getInt(index + 8),
        source,
        destination);
  }

  /**
   * Decodes exactly one message occupying all readable bytes of {@code frame}, which the reader
   * index passes over.
   *
   * @throws MalformedMessageException with the code docs/protocol.md assigns, never anything else
   */
  public static Message decode(ByteBuf frame) {
    int start = frame.readerIndex();
    int available = frame.readableBytes();
    if (available < Header.CLIENT_HEADER_LENGTH) {
      throw framing("a message has at least 12 bytes, got " + available);
    }
    if (version(frame, start) != Header.VERSION) {
      throw framing("version " + version(frame, start) + " is not 1")
          .withHeader(readHeader(frame, start, true));
    }
    int headerLength =
        clientHeader(frame, start) ? Header.CLIENT_HEADER_LENGTH : Header.PEER_HEADER_LENGTH;
    if (available < headerLength) {
      throw framing("a peer-protocol header has 44 bytes")
          .withHeader(readHeader(frame, start, true));
    }
    Header header = readHeader(frame, start, false);
    int length = frame.getUnsignedShort(start + LENGTH_OFFSET);
    if (length < headerLength) {
      throw framing("Message Length " + length + " is smaller than the header").withHeader(header);
    }
    if (length != available) {
      throw framing("Message Length " + length + " but the frame has " + available + " bytes")
          .withHeader(header);
    }
    // A request of an unassigned type is refused; a response of one is the answer to such a
    // request (434, say) and decodes like any other, so its sender learns the outcome.
    if (header.messageType() == null && !header.response()) {
      frame.readerIndex(start + length);
      throw new MalformedMessageException(
              ResponseCode.UNRECOGNIZED_MESSAGE_TYPE, false, "message type " + header.type())
          .withHeader(header);
    }
    frame.readerIndex(start + headerLength);
    try {
      List<Attribute> attributes = AttributeDecoder.decodeMessageAttributes(frame, start + length);
      return new Message(header, attributes);
    } catch (MalformedMessageException e) {
      frame.readerIndex(start + length);
      throw e.withHeader(header);
    }
  }

  /** Decodes one message from a byte array holding exactly that message. */
  public static Message decode(byte[] message) {
    return decode(Unpooled.wrappedBuffer(message));
  }

  // ---- encoding ----

  /** Writes {@code message} to {@code out}, Message Length computed. */
  public static void encode(Message message, ByteBuf out) {
    int length = message.encodedLength();
    if (length > Message.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "message of " + length + " bytes exceeds the 65,535-byte limit: " + message.header());
    }
    Header header = message.header();
    out.ensureWritable(length);
    out.writeByte(
        Header.VERSION << VERSION_SHIFT
            | (header.response() ? R_BIT : 0)
            | (header.hFlag() ? H_BIT : 0)
            | (header.dFlag() ? D_BIT : 0)
            | (header.fFlag() ? F_BIT : 0));
    out.writeByte(
        (header.jFlag() ? J_BIT : 0)
            | (header.client() ? C_BIT : 0)
            | (header.suppressResponse() ? E_BIT : 0));
    out.writeByte(header.type());
    out.writeByte(header.ttl());
    out.writeShort(length);
    out.writeShort(0);
    out.writeInt(header.transactionId());
    if (!header.client()) {
      out.writeBytes(header.sourcePeerId().unsafeArray());
      out.writeBytes(header.destinationId().unsafeArray());
    }
    for (Attribute attribute : message.attributes()) {
      attribute.writeTo(out);
    }
  }

  /** A new buffer of exactly the message's size holding it. */
  public static ByteBuf encode(Message message, ByteBufAllocator allocator) {
    ByteBuf out = allocator.buffer(message.encodedLength());
    try {
      encode(message, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  public static byte[] encodeToBytes(Message message) {
    byte[] bytes = new byte[message.encodedLength()];
    ByteBuf out = Unpooled.wrappedBuffer(bytes);
    out.writerIndex(0);
    encode(message, out);
    return bytes;
  }
}
