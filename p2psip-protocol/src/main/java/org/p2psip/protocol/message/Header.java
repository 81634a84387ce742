package org.p2psip.protocol.message;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;

/**
 * A message header (docs/protocol.md sections 1.1 and 1.2). {@code client} is the C flag: true
 * selects the 12-byte client-protocol header, false the 44-byte peer-protocol header that adds the
 * Source Peer-ID and Destination ID.
 *
 * <p>{@code type} is the raw Message Type so that an answer to an unknown type (434) can copy it.
 * H, D, F and J keep their SEP meaning and are carried but not acted on. E ("suppress the
 * response") exists only in the client header. The version is always 1; reserved bits are sent as 0
 * and ignored, so they are not part of the model.
 *
 * @param transactionId the 32-bit Transaction-ID (compare as unsigned)
 * @param sourcePeerId the Source Peer-ID of a peer header; null in a client header
 * @param destinationId the Destination ID of a peer header; null in a client header
 */
public record Header(
    int type,
    boolean response,
    boolean client,
    boolean suppressResponse,
    boolean hFlag,
    boolean dFlag,
    boolean fFlag,
    boolean jFlag,
    int ttl,
    int transactionId,
    @Nullable Id128 sourcePeerId,
    @Nullable Id128 destinationId) {

  public static final int VERSION = 1;
  public static final int CLIENT_HEADER_LENGTH = 12;
  public static final int PEER_HEADER_LENGTH = 44;

  public Header {
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("Message Type is 8 bits: " + type);
    }
    if (ttl < 0 || ttl > 0xFF) {
      throw new IllegalArgumentException("TTL is 8 bits: " + ttl);
    }
    if (client && (sourcePeerId != null || destinationId != null)) {
      throw new IllegalArgumentException("a client-protocol header carries no peer IDs");
    }
    if (!client && (sourcePeerId == null || destinationId == null)) {
      throw new IllegalArgumentException("a peer-protocol header needs both peer IDs");
    }
    if (!client && suppressResponse) {
      throw new IllegalArgumentException("the peer-protocol header has no E flag");
    }
  }

  /** A client-protocol request header with no optional flags set. */
  public static Header clientRequest(MessageType type, int transactionId) {
    return new Header(
        type.code(), false, true, false, false, false, false, false, 0, transactionId, null, null);
  }

  /** A peer-protocol request header with no optional flags set. */
  public static Header peerRequest(
      MessageType type, int transactionId, Id128 sourcePeerId, Id128 destinationId) {
    return new Header(
        type.code(),
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        0,
        transactionId,
        sourcePeerId,
        destinationId);
  }

  /** The message type, or null when the raw type is not assigned. */
  public @Nullable MessageType messageType() {
    return MessageType.fromCode(type);
  }

  public int length() {
    return client ? CLIENT_HEADER_LENGTH : PEER_HEADER_LENGTH;
  }

  /**
   * The header of the answer: same type and Transaction-ID, R set, peer IDs swapped. This is the
   * client protocol's rule; a peer-protocol answer keeps the IDs: {@link #toPeerResponse(int)}.
   */
  public Header toResponse() {
    return new Header(
        type,
        true,
        client,
        false,
        hFlag,
        dFlag,
        fFlag,
        jFlag,
        ttl,
        transactionId,
        destinationId,
        sourcePeerId);
  }

  /**
   * The header of a peer-protocol answer (docs/peer-protocol.md 2.1): Version, Message Type,
   * Transaction-ID, Source Peer-ID and Destination ID copied (not swapped), R set, H, D, F and J
   * cleared, TTL set to the initial TTL.
   *
   * @param initialTtl the sender's initial TTL (default 32, {@link
   *     PeerResponses#DEFAULT_INITIAL_TTL})
   * @throws IllegalArgumentException for a client-protocol header, or a TTL that is not 8 bits
   */
  public Header toPeerResponse(int initialTtl) {
    if (client) {
      throw new IllegalArgumentException("a client-protocol header has no peer response: " + this);
    }
    return new Header(
        type,
        true,
        false,
        false,
        false,
        false,
        false,
        false,
        initialTtl,
        transactionId,
        sourcePeerId,
        destinationId);
  }

  /** The same header with another TTL (a forwarder lowers it by one, docs/peer-protocol.md 3.4). */
  public Header withTtl(int newTtl) {
    return new Header(
        type,
        response,
        client,
        suppressResponse,
        hFlag,
        dFlag,
        fFlag,
        jFlag,
        newTtl,
        transactionId,
        sourcePeerId,
        destinationId);
  }

  public Header withSuppressResponse(boolean suppress) {
    return new Header(
        type,
        response,
        client,
        suppress,
        hFlag,
        dFlag,
        fFlag,
        jFlag,
        ttl,
        transactionId,
        sourcePeerId,
        destinationId);
  }

  @Override
  public String toString() {
    MessageType known = messageType();
    return (known != null ? known.name() : "type " + type)
        + (response ? " response" : " request")
        + String.format(" txid=%08x", transactionId)
        + (client ? "" : " from " + sourcePeerId + " to " + destinationId)
        + (suppressResponse ? " E" : "");
  }
}
