package org.p2psip.hostpeer.server;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.p2psip.hostpeer.handler.RejectCodes;
import org.p2psip.hostpeer.handler.RequestHandler;
import org.p2psip.hostpeer.record.StoreRefusal;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionState;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.codec.DecodeFailure;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.MessageValidator;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Routes each inbound message of a connection: decode failures become their error answers;
 * responses from the client (to our Notify) are consumed; requests are validated, checked against
 * the session state and handed to the handler of their type, with a bounded wait on the store.
 *
 * <p>Outcomes beyond the handlers': peer-protocol messages (C = 0) 403, since peers have a port of
 * their own (docs/peer-protocol.md 8.2); peer-only types in the client protocol 434; missing
 * attributes 401; Put/Get/Remove/Keep-alive before Join 409 (sub-code 2); store unreachable 408;
 * store too slow 436; a store's refusal ({@link StoreRefusal}, the overlay's answers mapped) as it
 * says. A store failure also makes the status monitor look again at once.
 */
public final class RequestDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
  private static final Set<MessageType> NEED_JOIN =
      EnumSet.of(MessageType.PUT, MessageType.GET, MessageType.REMOVE, MessageType.KEEPALIVE);

  private final Map<MessageType, RequestHandler> handlers;
  private final Duration storeTimeout;
  private final PeerStatusMonitor status;
  private final HostPeerMetrics metrics;

  public RequestDispatcher(
      Map<MessageType, RequestHandler> handlers,
      Duration storeTimeout,
      PeerStatusMonitor status,
      HostPeerMetrics metrics) {
    this.handlers = Map.copyOf(handlers);
    this.storeTimeout = storeTimeout;
    this.status = status;
    this.metrics = metrics;
  }

  public Mono<Reply> dispatch(Session session, Object inbound) {
    if (inbound instanceof DecodeFailure failure) {
      metrics.decodeFailure(failure.code());
      log.debug("{} sent an undecodable message: {} {}", session, failure.code(), failure.reason());
      return Mono.just(new Reply(failure.answer().orElse(null), failure.closeConnection()));
    }
    Message message = (Message) inbound;
    if (session.state() == SessionState.LEFT) {
      return Mono.empty(); // closing: what the client sent after Leave is not served
    }
    if (message.isResponse()) {
      log.debug("{} answered {}", session, message);
      return Mono.empty();
    }
    long started = System.nanoTime();
    boolean leave = message.type() == MessageType.LEAVE;
    return answer(session, message)
        .doOnNext(
            answer ->
                metrics.request(
                    message.type().name(),
                    answer.response().code(),
                    Duration.ofNanos(System.nanoTime() - started)))
        .map(answer -> new Reply(message.header().suppressResponse() ? null : answer, leave));
  }

  private Mono<Message> answer(Session session, Message request) {
    if (!request.header().client()) {
      return Mono.just(Responses.to(request, ResponseCode.REJECTED));
    }
    RequestHandler handler = handlers.get(request.type());
    if (handler == null) {
      return Mono.just(Responses.to(request, ResponseCode.UNRECOGNIZED_MESSAGE_TYPE));
    }
    var violation = MessageValidator.violation(request);
    if (violation.isPresent()) {
      log.debug("{} sent an incomplete {}: {}", session, request.type(), violation.get());
      return Mono.just(Responses.to(request, ResponseCode.BAD_PARAMETERS));
    }
    if (NEED_JOIN.contains(request.type()) && !session.joined()) {
      return Mono.just(
          Responses.to(request, ResponseCode.REQUEST_REJECTED, RejectCodes.NOT_JOINED));
    }
    return handler
        .handle(session, request)
        .timeout(storeTimeout)
        .onErrorResume(
            StoreRefusal.class,
            refusal -> {
              log.debug("{} {} refused by the store: {}", session, request.type(), refusal);
              if (refusal.code() != ResponseCode.REQUEST_REJECTED) {
                status.reportStoreFailure();
              }
              return Mono.just(
                  refusal.subCode() == null
                      ? Responses.to(request, refusal.code())
                      : Responses.to(request, refusal.code(), refusal.subCode()));
            })
        .onErrorResume(
            error -> {
              status.reportStoreFailure();
              boolean slow = error instanceof TimeoutException;
              log.warn(
                  "{} {} failed: {}",
                  session,
                  request.type(),
                  slow ? "store timeout" : error.toString());
              return Mono.just(
                  Responses.to(
                      request, slow ? ResponseCode.REQUEST_TIMEOUT : ResponseCode.REQUEST_FAILED));
            });
  }
}
