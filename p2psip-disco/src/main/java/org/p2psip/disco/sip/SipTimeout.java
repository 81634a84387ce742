package org.p2psip.disco.sip;

/**
 * A request sent from here got no final answer before its transaction timed out (RFC 3261 17.1).
 */
public final class SipTimeout extends SipFailure {

  private static final long serialVersionUID = 1L;

  public SipTimeout(String message) {
    super(message, null);
  }
}
