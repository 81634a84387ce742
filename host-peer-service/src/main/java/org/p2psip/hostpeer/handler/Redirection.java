package org.p2psip.hostpeer.handler;

import java.util.function.LongSupplier;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/**
 * Client redirection (docs/peer-protocol.md 7): a host peer that is busy, or has more joined
 * clients than {@code load.max-joined-clients}, answers a Join 410 and an Inquire as usual, each
 * with a Service Peer Info (M = 0) naming up to {@value #SUGGESTED} other host peers with Status
 * good. A client that knows the attribute tries them before its bootstrap list.
 */
public final class Redirection {

  /** How many other host peers an answer names at most. */
  static final int SUGGESTED = 3;

  /** No redirection: plain 410 when busy (a host peer without the overlay). */
  public static final Redirection NONE = new Redirection(OtherHostPeers.NONE, () -> 0, 0);

  private final OtherHostPeers others;
  private final LongSupplier joinedClients;
  private final int maxJoinedClients;

  /**
   * @param maxJoinedClients 0 for no limit
   */
  public Redirection(OtherHostPeers others, LongSupplier joinedClients, int maxJoinedClients) {
    this.others = others;
    this.joinedClients = joinedClients;
    this.maxJoinedClients = maxJoinedClients;
  }

  /** Whether this peer takes no more clients: as many joined as configured. */
  boolean full() {
    return maxJoinedClients > 0 && joinedClients.getAsLong() >= maxJoinedClients;
  }

  /** The other host peers for a client, M = 0; empty when none is known. */
  Mono<ServicePeerInfo> suggestions() {
    return others
        .find(SUGGESTED)
        .filter(found -> !found.peers().isEmpty())
        .map(ServicePeerInfo::skippable);
  }

  /** 410, with the other host peers when some are known. */
  Mono<Message> deferred(Message request) {
    return suggestions()
        .map(found -> Responses.to(request, ResponseCode.JOIN_REQUEST_DEFERRED, (Attribute) found))
        .defaultIfEmpty(Responses.to(request, ResponseCode.JOIN_REQUEST_DEFERRED));
  }
}
