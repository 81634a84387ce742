package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/** Remove: only the owner may (409, sub-code 3); 407 when there is no such live object. */
public final class RemoveHandler implements RequestHandler {

  private final RecordPlacement placement;

  public RemoveHandler(RecordPlacement placement) {
    this.placement = placement;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    ResourceInfo target = request.first(ResourceInfo.class);
    if (!target.owner().equals(session.nodeId())) {
      return JoinHandler.reject(request, RejectCodes.NOT_OWNER);
    }
    RecordStore cache = placement.cache();
    RecordStore responsible = placement.responsibleFor(target.resourceId());
    Mono<Boolean> removed = cache.remove(target.resourceId(), target.owner(), target.contentHash());
    if (cache != responsible) {
      removed =
          removed.zipWith(
              responsible.remove(target.resourceId(), target.owner(), target.contentHash()),
              Boolean::logicalOr);
    }
    return removed.map(
        found -> Responses.to(request, found ? ResponseCode.OK : ResponseCode.NOT_FOUND));
  }
}
