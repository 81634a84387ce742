package org.p2psip.hostpeer.overlay.records;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.p2psip.hostpeer.record.LiveObject;
import org.p2psip.hostpeer.record.OwnerQuota;
import org.p2psip.hostpeer.record.PutOutcome;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records kept by the overlay (docs/peer-protocol.md 6): each operation is one routed peer request
 * to the peer responsible for the Resource-ID, which stores it with its replicas. The per-client
 * limits are counted here, in this host peer's Redis, for its own clients ({@link OwnerQuota}); the
 * responsible peer checks the per-Resource-ID limit. Answers other than success and the expected
 * outcomes fail with a {@link org.p2psip.hostpeer.record.StoreRefusal} carrying the code the client
 * gets.
 */
public final class OverlayRecordStore implements RecordStore {

  private final RoutedRequests ring;
  private final OwnerQuota quota;
  private final LongSupplier clock;

  /**
   * @param clock wall clock (ms since the epoch) remaining lifetimes are counted from
   */
  public OverlayRecordStore(RoutedRequests ring, OwnerQuota quota, LongSupplier clock) {
    this.ring = ring;
    this.quota = quota;
    this.clock = clock;
  }

  @Override
  public Mono<PutOutcome> put(StoredObject object, Duration lifetime) {
    return quota.reserveThen(
        object,
        lifetime,
        reservation ->
            ring.send(MessageType.PUT, resourceInfo(object, lifetime))
                .flatMap(
                    answer -> stored(answer, object, reservation == OwnerQuota.Reservation.NEW)));
  }

  private Mono<PutOutcome> stored(Message answer, StoredObject object, boolean counted) {
    int code = PeerAnswers.code(answer);
    if (code == ResponseCode.OK.code()) {
      return Mono.just(PutOutcome.STORED);
    }
    // a refusal stored nothing: the quota taken is given back; a failure (408/3: fewer than W
    // copies, possibly some) keeps it until the lifetime ends, so a retry cannot exceed the limits
    Mono<Void> giveBack =
        counted && code == ResponseCode.REQUEST_REJECTED.code()
            ? quota.release(object.resourceId(), object.owner(), object.contentHash())
            : Mono.empty();
    return giveBack.then(Mono.error(PeerAnswers.refusal(answer)));
  }

  @Override
  public Mono<Boolean> refresh(
      Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime) {
    // no content: the responsible peer renews the live version it holds (5.2 step 1)
    ResourceInfo renewal =
        new ResourceInfo(
            ValueType.OPAQUE.code(), resourceId, lifetime.toSeconds(), owner, contentHash, null);
    return ring.send(MessageType.PUT, renewal)
        .flatMap(
            answer -> {
              int code = PeerAnswers.code(answer);
              if (code == ResponseCode.OK.code()) {
                return quota
                    .touch(resourceId, owner, contentHash, clock.getAsLong() + lifetime.toMillis())
                    .thenReturn(true);
              }
              if (code == ResponseCode.NOT_FOUND.code()) {
                return Mono.just(false);
              }
              return Mono.error(PeerAnswers.refusal(answer));
            });
  }

  @Override
  public Flux<LiveObject> get(Id128 resourceId) {
    return snapshot(resourceId).flatMapIterable(Snapshot::objects);
  }

  /** One peer GET with the Resource-ID only; the caller filters (6). */
  @Override
  public Mono<Snapshot> snapshot(Id128 resourceId) {
    return ring.send(MessageType.GET, ResourceInfo.query(ValueType.OPAQUE, resourceId))
        .flatMap(
            answer -> {
              int code = PeerAnswers.code(answer);
              if (code == ResponseCode.NOT_FOUND.code()) {
                return Mono.just(new Snapshot(List.of(), true));
              }
              if (code != ResponseCode.OK.code()) {
                return Mono.error(PeerAnswers.refusal(answer));
              }
              long now = clock.getAsLong();
              List<LiveObject> objects =
                  answer.all(ResourceInfo.class).stream()
                      .filter(info -> info.owner() != null && info.contentHash() != null)
                      .map(info -> live(info, now))
                      .toList();
              Integer subCode = PeerAnswers.subCode(answer);
              return Mono.just(new Snapshot(objects, subCode == null || subCode != 1));
            });
  }

  @Override
  public Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash) {
    ResourceInfo target =
        new ResourceInfo(ValueType.OPAQUE.code(), resourceId, null, owner, contentHash, null);
    return ring.send(MessageType.REMOVE, target)
        .flatMap(
            answer -> {
              int code = PeerAnswers.code(answer);
              if (code != ResponseCode.OK.code() && code != ResponseCode.NOT_FOUND.code()) {
                return Mono.error(PeerAnswers.refusal(answer));
              }
              return quota
                  .release(resourceId, owner, contentHash)
                  .thenReturn(code == ResponseCode.OK.code());
            });
  }

  private static ResourceInfo resourceInfo(StoredObject object, Duration lifetime) {
    return new ResourceInfo(
        object.valueType(),
        object.resourceId(),
        lifetime.toSeconds(),
        object.owner(),
        object.contentHash(),
        object.content());
  }

  private static LiveObject live(ResourceInfo info, long now) {
    long remaining = info.expiration() == null ? 0 : info.expiration();
    return new LiveObject(
        new StoredObject(
            info.resourceId(), info.owner(), info.contentHash(), info.valueType(), info.content()),
        now + remaining * 1000);
  }
}
