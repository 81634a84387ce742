package org.p2psip.protocol.message;

import org.p2psip.protocol.value.Id128;

/**
 * What identifies a peer-protocol transaction (docs/peer-protocol.md 2.1): a request and its answer
 * have the same key, since the answer keeps Source Peer-ID, Transaction-ID, Message Type and
 * Destination ID.
 */
public record TransactionKey(Id128 sourcePeerId, int transactionId, int type, Id128 destinationId) {

  /**
   * The key of a peer-protocol request or answer.
   *
   * @throws IllegalArgumentException for a client-protocol header
   */
  public static TransactionKey of(Header header) {
    Id128 source = header.sourcePeerId();
    Id128 destination = header.destinationId();
    if (header.client() || source == null || destination == null) {
      throw new IllegalArgumentException("a client-protocol header has no transaction key");
    }
    return new TransactionKey(source, header.transactionId(), header.type(), destination);
  }
}
