package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/**
 * Leave: 200, then the connection ends (the dispatcher closes it after this answer). The client's
 * records stay until they expire.
 */
public final class LeaveHandler implements RequestHandler {

  @Override
  public Mono<Message> handle(Session session, Message request) {
    session.leave();
    return Mono.just(Responses.to(request, ResponseCode.OK));
  }
}
