package org.p2psip.disco.media;

/** A datagram that is not an RTP packet this project reads (RFC 3550 5.1); it is dropped. */
public final class InvalidRtp extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRtp(String message) {
    super(message);
  }
}
