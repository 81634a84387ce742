package org.p2psip.disco.sip;

import org.jspecify.annotations.Nullable;

/** SIP could not do what was asked: listen, build a message, send it. */
public class SipFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SipFailure(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
