package org.p2psip.ca;

/** A host-peer certificate request that breaks a rule ({@link PeerRequestRules}): the reason. */
public final class PeerRequestRefused extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public PeerRequestRefused(String reason) {
    super(reason);
  }

  public PeerRequestRefused(String reason, Throwable cause) {
    super(reason, cause);
  }
}
