package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/** Keep-alive: the session was refreshed on receipt; answer with this peer's status. */
public final class KeepAliveHandler implements RequestHandler {

  private final PeerStatusMonitor status;

  public KeepAliveHandler(PeerStatusMonitor status) {
    this.status = status;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    return Mono.just(Responses.to(request, ResponseCode.OK, new StatusAttribute(status.current())));
  }
}
