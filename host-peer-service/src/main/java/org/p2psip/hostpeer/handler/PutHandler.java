package org.p2psip.hostpeer.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.record.PutOutcome;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import org.p2psip.protocol.value.Id128;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Put (docs/protocol.md 2.1): every Resource Info is checked before anything is stored (owner is
 * the client's Node-ID or filled in; Hash Code matches the content or is filled in; size within the
 * limit); then the objects are stored in parallel (docs/peer-protocol.md 6), each through this
 * peer's placement, and the answer is sent once every one has its outcome: 200 when all were
 * stored, else the first failure in request order (the others may be stored). A Resource Info
 * without content refreshes the lifetime of an object the client owns.
 */
public final class PutHandler implements RequestHandler {

  private final RecordPlacement placement;
  private final HostPeerProperties.Records limits;

  public PutHandler(RecordPlacement placement, HostPeerProperties.Records limits) {
    this.placement = placement;
    this.limits = limits;
  }

  private record Work(ResourceInfo info, StoredObject object, Duration lifetime) {}

  @Override
  public Mono<Message> handle(Session session, Message request) {
    List<Work> work = new ArrayList<>();
    for (ResourceInfo info : request.all(ResourceInfo.class)) {
      Id128 owner = info.owner() != null ? info.owner() : session.nodeId();
      if (!owner.equals(session.nodeId())) {
        return JoinHandler.reject(request, RejectCodes.NOT_OWNER);
      }
      Duration lifetime = lifetime(info.expiration());
      if (info.content() == null) {
        work.add(
            new Work(
                info,
                new StoredObject(
                    info.resourceId(), owner, info.contentHash(), info.valueType(), null),
                lifetime));
        continue;
      }
      if (info.content().length() > limits.maxValueBytes()) {
        return JoinHandler.reject(request, RejectCodes.VALUE_TOO_LARGE);
      }
      if (info.contentHash() != null && !info.hashMatchesContent()) {
        return JoinHandler.answer(request, ResponseCode.BAD_PARAMETERS);
      }
      StoredObject object =
          new StoredObject(
              info.resourceId(),
              owner,
              info.contentHash() != null ? info.contentHash() : ResourceInfo.hashOf(info.content()),
              info.valueType(),
              info.content());
      work.add(new Work(info, object, lifetime));
    }
    // in parallel, every one to its end; the client gets the first failure in request order
    return Flux.fromIterable(work)
        .flatMapSequential(
            item ->
                apply(item).map(Outcome::of).onErrorResume(error -> Mono.just(Outcome.of(error))))
        .collectList()
        .flatMap(
            outcomes -> {
              for (Outcome outcome : outcomes) {
                if (outcome.failure() != null) {
                  return Mono.error(outcome.failure());
                }
                if (outcome.code() < 0) {
                  return Mono.just(Responses.to(request, ResponseCode.NOT_FOUND));
                }
                if (outcome.code() > 0) {
                  return Mono.just(
                      Responses.to(request, ResponseCode.REQUEST_REJECTED, outcome.code()));
                }
              }
              return Mono.just(Responses.to(request, ResponseCode.OK));
            });
  }

  /** What became of one object: {@link #apply}'s code, or the store's failure. */
  private record Outcome(int code, @Nullable Throwable failure) {
    static Outcome of(int code) {
      return new Outcome(code, null);
    }

    static Outcome of(Throwable failure) {
      return new Outcome(0, failure);
    }
  }

  /** 0 when done, a 409 sub-code when refused, -1 when a refresh found nothing. */
  private Mono<Integer> apply(Work work) {
    StoredObject object = work.object();
    List<RecordStore> stores = targets(object.resourceId());
    if (object.content() == null) {
      return Flux.fromIterable(stores)
          .concatMap(
              store ->
                  store.refresh(
                      object.resourceId(), object.owner(), object.contentHash(), work.lifetime()))
          .reduce(Boolean::logicalOr)
          .map(found -> found ? 0 : -1);
    }
    return Flux.fromIterable(stores)
        .concatMap(store -> store.put(object, work.lifetime()))
        .filter(outcome -> outcome != PutOutcome.STORED)
        .next()
        .map(PutHandler::subCode)
        .defaultIfEmpty(0);
  }

  private List<RecordStore> targets(Id128 resourceId) {
    RecordStore cache = placement.cache();
    RecordStore responsible = placement.responsibleFor(resourceId);
    return cache == responsible ? List.of(cache) : List.of(cache, responsible);
  }

  private Duration lifetime(@Nullable Long asked) {
    if (asked == null || asked == 0) {
      return limits.defaultLifetime();
    }
    Duration duration = Duration.ofSeconds(asked);
    return duration.compareTo(limits.maxLifetime()) > 0 ? limits.maxLifetime() : duration;
  }

  private static int subCode(PutOutcome outcome) {
    return switch (outcome) {
      case STORED -> 0;
      case RESOURCE_FULL -> RejectCodes.RESOURCE_FULL;
      case OWNER_OBJECTS_EXCEEDED -> RejectCodes.OWNER_OBJECT_LIMIT;
      case OWNER_BYTES_EXCEEDED -> RejectCodes.OWNER_BYTE_LIMIT;
    };
  }
}
