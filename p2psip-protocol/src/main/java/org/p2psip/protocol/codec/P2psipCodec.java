package org.p2psip.protocol.codec;

import io.netty.channel.ChannelPipeline;

/** Installs the protocol codec on a pipeline: frame decoder, message decoder, encoder. */
public final class P2psipCodec {

  public static final String FRAME_DECODER = "p2psip-frame-decoder";
  public static final String MESSAGE_DECODER = "p2psip-message-decoder";
  public static final String MESSAGE_ENCODER = "p2psip-message-encoder";

  private P2psipCodec() {}

  /**
   * Adds the three handlers in front of {@code before} (for example Reactor Netty's reactive
   * bridge), so that what reaches it inbound is Message or DecodeFailure.
   */
  public static ChannelPipeline addBefore(
      ChannelPipeline pipeline, String before, int maxMessageLength) {
    return pipeline
        .addBefore(before, FRAME_DECODER, new P2psipFrameDecoder(maxMessageLength))
        .addBefore(before, MESSAGE_DECODER, P2psipMessageDecoder.INSTANCE)
        .addBefore(before, MESSAGE_ENCODER, P2psipMessageEncoder.INSTANCE);
  }

  /** Adds the three handlers last; inbound the pipeline then carries Message or DecodeFailure. */
  public static ChannelPipeline addLast(ChannelPipeline pipeline, int maxMessageLength) {
    return pipeline
        .addLast(FRAME_DECODER, new P2psipFrameDecoder(maxMessageLength))
        .addLast(MESSAGE_DECODER, P2psipMessageDecoder.INSTANCE)
        .addLast(MESSAGE_ENCODER, P2psipMessageEncoder.INSTANCE);
  }
}
