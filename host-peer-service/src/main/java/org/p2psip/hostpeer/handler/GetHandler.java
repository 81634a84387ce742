package org.p2psip.hostpeer.handler;

import org.p2psip.hostpeer.record.LiveObject;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Get: every live object under the Resource-ID, optionally only the owner's (O) or only the one
 * with this Hash Code (H), each with its remaining lifetime. Answered from this peer's cache first,
 * from the responsible peer otherwise; 407 when there is nothing.
 */
public final class GetHandler implements RequestHandler {

  private final RecordPlacement placement;

  public GetHandler(RecordPlacement placement) {
    this.placement = placement;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    ResourceInfo query = request.first(ResourceInfo.class);
    RecordStore cache = placement.cache();
    RecordStore responsible = placement.responsibleFor(query.resourceId());
    Flux<LiveObject> fromCache = matching(cache.get(query.resourceId()), query);
    Flux<LiveObject> found =
        cache == responsible
            ? fromCache
            : fromCache.switchIfEmpty(matching(responsible.get(query.resourceId()), query));
    return found
        .map(GetHandler::toResourceInfo)
        .collectList()
        .map(
            objects ->
                objects.isEmpty()
                    ? Responses.to(request, ResponseCode.NOT_FOUND)
                    : Responses.to(
                        request.header(), ResponseAttribute.of(ResponseCode.OK), objects));
  }

  private static Flux<LiveObject> matching(Flux<LiveObject> objects, ResourceInfo query) {
    return objects.filter(
        live ->
            (query.owner() == null || query.owner().equals(live.object().owner()))
                && (query.contentHash() == null
                    || query.contentHash().equals(live.object().contentHash())));
  }

  private static ResourceInfo toResourceInfo(LiveObject live) {
    StoredObject object = live.object();
    return new ResourceInfo(
        object.valueType(),
        object.resourceId(),
        Math.min(0xFFFF_FFFFL, live.remainingSeconds()),
        object.owner(),
        object.contentHash(),
        object.content());
  }
}
