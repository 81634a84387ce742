package org.p2psip.protocol.message;

import java.util.ArrayList;
import java.util.List;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ResponseAttribute;

/**
 * Builds answers: the Message Type and Transaction-ID are copied from the request, R is set, and a
 * Response attribute always comes first (docs/protocol.md section 3 sends it in every response).
 */
public final class Responses {

  private Responses() {}

  /** An answer to {@code request} with {@code code} and the given further attributes. */
  public static Message to(Message request, ResponseCode code, Attribute... attributes) {
    return to(request.header(), ResponseAttribute.of(code), List.of(attributes));
  }

  /** An answer carrying a sub-code (for example 409 with sub-code 1, "use TLS"). */
  public static Message to(Message request, ResponseCode code, int subCode) {
    return to(request.header(), ResponseAttribute.of(code, subCode), List.of());
  }

  /** An answer to a request of which only the header could be read. */
  public static Message to(Header requestHeader, ResponseCode code) {
    return to(requestHeader, ResponseAttribute.of(code), List.of());
  }

  public static Message to(
      Header requestHeader, ResponseAttribute response, List<? extends Attribute> attributes) {
    if (requestHeader.response()) {
      throw new IllegalArgumentException("a response is not answered: " + requestHeader);
    }
    List<Attribute> all = new ArrayList<>(attributes.size() + 1);
    all.add(response);
    all.addAll(attributes);
    return new Message(requestHeader.toResponse(), all);
  }
}
