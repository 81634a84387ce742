package org.p2psip.disco.sdp;

/** An SDP body a focus cannot answer: a focus replies 400 or 488 and the call is not set up. */
public final class InvalidSdp extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidSdp(String message) {
    super(message);
  }
}
