package org.p2psip.hostpeer.overlay.records;

import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import reactor.core.publisher.Mono;

/**
 * Routes a request this host peer originates to the peer responsible for its Resource-ID: the
 * overlay node adds the header, the Source Peer Info and the Transaction-ID, retransmits once and
 * makes up 436 when nothing comes back (docs/peer-protocol.md 3.5).
 */
@FunctionalInterface
public interface RoutedRequests {

  /** PUT, GET or REMOVE of {@code object} to the peer responsible for its Resource-ID. */
  Mono<Message> send(MessageType type, ResourceInfo object);
}
