package org.p2psip.disco.state;

/** The {@code state} attribute of RFC 4575 (4.6) and of DisCo's elements: how to apply one. */
public enum ElementState {
  /** The element is complete: it replaces what the receiver holds. */
  FULL("full"),
  /** Only what changed: merged into what the receiver holds. */
  PARTIAL("partial"),
  /** The element is gone: the receiver removes it. */
  DELETED("deleted");

  private final String xml;

  ElementState(String xml) {
    this.xml = xml;
  }

  public String xml() {
    return xml;
  }

  /** The value of a {@code state} attribute; absent means full (RFC 4575's schema default). */
  public static ElementState of(String attribute) {
    if (attribute.isEmpty()) {
      return FULL;
    }
    for (ElementState state : values()) {
      if (state.xml.equals(attribute)) {
        return state;
      }
    }
    throw new IllegalArgumentException("not a state: " + attribute);
  }
}
