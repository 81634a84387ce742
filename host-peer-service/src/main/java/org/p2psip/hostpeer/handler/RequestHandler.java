package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.message.Message;
import reactor.core.publisher.Mono;

/** Serves one message type: the request has decoded and passed {@code MessageValidator}. */
@FunctionalInterface
public interface RequestHandler {

  Mono<Message> handle(Session session, Message request);
}
