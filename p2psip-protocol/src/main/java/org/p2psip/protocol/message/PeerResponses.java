package org.p2psip.protocol.message;

import java.util.ArrayList;
import java.util.List;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;

/**
 * Builds peer-protocol answers (docs/peer-protocol.md 2.1): the header by {@link
 * Header#toPeerResponse(int)} (IDs kept, not swapped; R set; H, D, F, J cleared; TTL = the initial
 * TTL), then a Response attribute, then a Destination Peer Info naming the peer that produced the
 * answer, then the further attributes. {@link Responses} stays the client protocol's builder.
 */
public final class PeerResponses {

  /**
   * The initial TTL of routed requests and of responses (`initial-ttl`, docs/peer-protocol.md 8.3).
   */
  public static final int DEFAULT_INITIAL_TTL = 32;

  private PeerResponses() {}

  /** An answer with {@code code}, initial TTL 32. */
  public static Message to(
      Message request, ResponseCode code, PeerInfo responder, Attribute... attributes) {
    return to(
        request.header(),
        DEFAULT_INITIAL_TTL,
        ResponseAttribute.of(code),
        responder,
        List.of(attributes));
  }

  /** An answer with {@code code} and a sub-code ({@link PeerSubCodes}), initial TTL 32. */
  public static Message to(
      Message request,
      ResponseCode code,
      int subCode,
      PeerInfo responder,
      Attribute... attributes) {
    return to(
        request.header(),
        DEFAULT_INITIAL_TTL,
        ResponseAttribute.of(code, subCode),
        responder,
        List.of(attributes));
  }

  /**
   * The general form.
   *
   * @param responder the answering peer (the responder, or a forwarder for the errors it
   *     generates); sent as a Destination Peer Info (0x04) even when given as a Source Peer Info
   * @throws IllegalArgumentException when {@code requestHeader} is a response or a client header
   */
  public static Message to(
      Header requestHeader,
      int initialTtl,
      ResponseAttribute response,
      PeerInfo responder,
      List<? extends Attribute> attributes) {
    if (requestHeader.response()) {
      throw new IllegalArgumentException("a response is not answered: " + requestHeader);
    }
    List<Attribute> all = new ArrayList<>(attributes.size() + 2);
    all.add(response);
    all.add(
        responder.source()
            ? PeerInfo.destination(
                responder.peerId(), responder.capability(), responder.addresses())
            : responder);
    all.addAll(attributes);
    return new Message(requestHeader.toPeerResponse(initialTtl), all);
  }
}
