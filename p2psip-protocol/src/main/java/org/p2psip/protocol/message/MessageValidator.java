package org.p2psip.protocol.message;

import java.util.List;
import java.util.Optional;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.Uptime;

/**
 * Checks that a decoded message carries the attributes its type requires (the table of
 * docs/protocol.md section 3). The decoder checks structure; this checks meaning, so a Join without
 * a Client attribute decodes fine and is refused here with 401.
 */
public final class MessageValidator {

  private MessageValidator() {}

  /** Empty when {@code message} is complete; otherwise why it is not (to answer with 401). */
  public static Optional<String> violation(Message message) {
    MessageType type = message.type();
    if (type == null) {
      return Optional.of("unknown message type " + message.header().type());
    }
    return message.isResponse()
        ? responseViolation(type, message)
        : requestViolation(type, message);
  }

  private static Optional<String> requestViolation(MessageType type, Message message) {
    return switch (type) {
      case JOIN -> require(message, ClientInfo.class, "Join needs a Client attribute");
      case NOTIFY -> require(message, StatusAttribute.class, "Notify needs a Status attribute");
      case PUT -> putViolation(message.all(ResourceInfo.class));
      case GET -> exactlyOneResourceInfo(message, "Get");
      case REMOVE -> removeViolation(message);
      default -> Optional.empty();
    };
  }

  private static Optional<String> putViolation(List<ResourceInfo> objects) {
    if (objects.isEmpty()) {
      return Optional.of("Put needs at least one Resource Info");
    }
    for (ResourceInfo object : objects) {
      if (object.content() == null
          && (object.owner() == null
              || object.contentHash() == null
              || object.expiration() == null)) {
        return Optional.of("a Put without content refreshes and needs O, H and E");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> removeViolation(Message message) {
    Optional<String> count = exactlyOneResourceInfo(message, "Remove");
    if (count.isPresent()) {
      return count;
    }
    ResourceInfo object = message.first(ResourceInfo.class);
    return object.owner() == null || object.contentHash() == null
        ? Optional.of("Remove names its object by Owner Identity and Hash Code (O and H)")
        : Optional.empty();
  }

  private static Optional<String> exactlyOneResourceInfo(Message message, String name) {
    return message.all(ResourceInfo.class).size() == 1
        ? Optional.empty()
        : Optional.of(name + " carries exactly one Resource Info");
  }

  private static Optional<String> responseViolation(MessageType type, Message message) {
    ResponseAttribute response = message.response();
    if (response == null) {
      return Optional.of("every response carries a Response attribute");
    }
    if (response.code() != ResponseCode.OK.code()) {
      return Optional.empty();
    }
    return switch (type) {
      case INQUIRE ->
          requireAll(
              message,
              "a 200 Inquire answer carries Destination Peer Info, Status, Uptime and Overlay Info",
              PeerInfo.class,
              StatusAttribute.class,
              Uptime.class,
              OverlayInfo.class);
      case JOIN ->
          require(message, PeerInfo.class, "a 200 Join answer carries Destination Peer Info");
      case KEEPALIVE ->
          require(message, StatusAttribute.class, "a 200 Keep-alive answer carries Status");
      default -> Optional.empty();
    };
  }

  private static Optional<String> require(
      Message message, Class<? extends Attribute> type, String reason) {
    return message.first(type) == null ? Optional.of(reason) : Optional.empty();
  }

  @SafeVarargs
  private static Optional<String> requireAll(
      Message message, String reason, Class<? extends Attribute>... types) {
    for (Class<? extends Attribute> type : types) {
      if (message.first(type) == null) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
