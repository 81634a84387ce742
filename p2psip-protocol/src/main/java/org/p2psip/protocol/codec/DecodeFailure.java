package org.p2psip.protocol.codec;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;

/**
 * What the decoders pass down the pipeline instead of a message they refused. A server answers with
 * {@link #answer()} when there is one and closes the connection when {@code closeConnection} is
 * set; it never sees an exception from the codec.
 *
 * @param header the refused message's header, or null when even that could not be read
 */
public record DecodeFailure(
    ResponseCode code, @Nullable Header header, boolean closeConnection, String reason) {

  /**
   * The error answer, if one is due: never to a response, never to a request with E set ("suppress
   * the response"), never without a Transaction-ID.
   */
  public Optional<Message> answer() {
    if (header == null || header.response() || header.suppressResponse()) {
      return Optional.empty();
    }
    return Optional.of(Responses.to(header, code));
  }
}
