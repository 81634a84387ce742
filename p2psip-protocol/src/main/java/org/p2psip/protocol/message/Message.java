package org.p2psip.protocol.message;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ResponseAttribute;

/** One message: a header and its attributes in wire order. */
public record Message(Header header, List<Attribute> attributes) {

  /** Largest message the 16-bit Message Length can describe. */
  public static final int MAX_LENGTH = 0xFFFF;

  public Message {
    attributes = List.copyOf(attributes);
  }

  public static Message of(Header header, Attribute... attributes) {
    return new Message(header, List.of(attributes));
  }

  /** A client's request of {@code type} with a fresh Transaction-ID. */
  public static Message clientRequest(MessageType type, Attribute... attributes) {
    return of(Header.clientRequest(type, TransactionIds.next()), attributes);
  }

  /** The message type; null only for a response to an unknown type (a 434 answer). */
  public @Nullable MessageType type() {
    return header.messageType();
  }

  public boolean isResponse() {
    return header.response();
  }

  /** The first attribute of the given class, or null. */
  public <T extends Attribute> @Nullable T first(Class<T> type) {
    for (Attribute attribute : attributes) {
      if (type.isInstance(attribute)) {
        return type.cast(attribute);
      }
    }
    return null;
  }

  /** Every attribute of the given class, in order. */
  public <T extends Attribute> List<T> all(Class<T> type) {
    List<T> found = new ArrayList<>(2);
    for (Attribute attribute : attributes) {
      if (type.isInstance(attribute)) {
        found.add(type.cast(attribute));
      }
    }
    return found;
  }

  /** The Response attribute of a response, or null. */
  public @Nullable ResponseAttribute response() {
    return first(ResponseAttribute.class);
  }

  /** Header plus attributes: the Message Length this message is sent with. */
  public int encodedLength() {
    return header.length() + Attribute.encodedLength(attributes);
  }

  @Override
  public String toString() {
    return header + " " + attributes;
  }
}
