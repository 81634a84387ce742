package org.p2psip.disco.state;

/**
 * A conference-info body that cannot be applied: too large, not well-formed, not valid against the
 * schemas, or missing what DisCo needs. A focus answers it with a SIP error and keeps its state.
 */
public final class InvalidConferenceInfo extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidConferenceInfo(String message) {
    super(message);
  }
}
