package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/** Inquire: who this peer is, how it is, how long it has run, which overlay it serves. */
public final class InquireHandler implements RequestHandler {

  private final LocalPeer peer;
  private final PeerStatusMonitor status;

  public InquireHandler(LocalPeer peer, PeerStatusMonitor status) {
    this.peer = peer;
    this.status = status;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    return Mono.just(
        Responses.to(
            request,
            ResponseCode.OK,
            peer.description(),
            new StatusAttribute(status.current()),
            peer.uptime(),
            peer.overlay()));
  }
}
