package org.p2psip.protocol.message;

/**
 * The peer-protocol sub-codes (docs/peer-protocol.md 2.4), the second field of a Response
 * attribute. Each constant is named after the code it qualifies; {@code ResponseAttribute.of(code,
 * subCode)} builds the attribute. The client protocol's 409 sub-codes 1-15 (docs/host-peer.md) stay
 * its own; only 409/5 and 409/6 are shared.
 */
public final class PeerSubCodes {

  /** 200/1: GET answer truncated to fit one message. */
  public static final int OK_TRUNCATED = 1;

  /**
   * 403/1: not responsible: Range or Resource-ID outside the receiver's accepted range; Routing
   * Table (its predecessors and successors) attached.
   */
  public static final int REJECTED_NOT_RESPONSIBLE = 1;

  /** 403/2: overlay mismatch (Overlay Info or certificate overlay name). */
  public static final int REJECTED_OVERLAY_MISMATCH = 2;

  /** 403/3: identity mismatch: Source Peer-ID is not the connection's authenticated Node-ID. */
  public static final int REJECTED_IDENTITY_MISMATCH = 3;

  /**
   * 403/4: wrong peer: the Destination ID of a neighbour message or handshake is not the receiver.
   */
  public static final int REJECTED_WRONG_PEER = 4;

  /** 403/5: the receiver is leaving; Routing Table attached. */
  public static final int REJECTED_LEAVING = 5;

  /** 403/6: busy (forwarding table or transfer slots full); Status attached. */
  public static final int REJECTED_BUSY = 6;

  /** 403/7: handshake required: a message other than a handshake KEEPALIVE came first. */
  public static final int REJECTED_HANDSHAKE_REQUIRED = 7;

  /** 403/8: Node-ID already in the overlay. */
  public static final int REJECTED_NODE_ID_IN_USE = 8;

  /** 403/9: not a neighbour: a TRANSFER from a peer outside the receiver's lists. */
  public static final int REJECTED_NOT_A_NEIGHBOUR = 9;

  /** 408/1: TTL exceeded. */
  public static final int FAILED_TTL_EXCEEDED = 1;

  /** 408/2: no route: no usable next hop, or the addressed Node-ID is not a known peer. */
  public static final int FAILED_NO_ROUTE = 2;

  /** 408/3: replication incomplete: fewer than W confirmations. */
  public static final int FAILED_REPLICATION_INCOMPLETE = 3;

  /** 408/4: store failure (the peer's Redis). */
  public static final int FAILED_STORE = 4;

  /** 409/5: value too large (as in the client protocol). */
  public static final int REQUEST_REJECTED_VALUE_TOO_LARGE = 5;

  /** 409/6: the Resource-ID is full (as in the client protocol). */
  public static final int REQUEST_REJECTED_RESOURCE_FULL = 6;

  private PeerSubCodes() {}
}
