package org.p2psip.hostpeer.record;

import java.time.Duration;
import java.util.List;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where records live. The session code talks only to this interface (through {@link
 * RecordPlacement}); the first implementation is this peer's Redis, and the overlay adds stores
 * that forward to the peer responsible for a Resource-ID.
 *
 * <p>Every method completes only after the store confirmed the operation, and fails (never hangs)
 * when the store is unreachable.
 */
public interface RecordStore {

  Mono<PutOutcome> put(StoredObject object, Duration lifetime);

  /** Gives a live object a new lifetime; false when there is no such live object. */
  Mono<Boolean> refresh(Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime);

  /** Every live object under {@code resourceId}; never an expired one. */
  Flux<LiveObject> get(Id128 resourceId);

  /**
   * What {@link #get} finds, and whether it is all there is: a store that had to leave objects out
   * (an overlay answer cut short to fit one message) says so, and such an answer is not cached.
   */
  default Mono<Snapshot> snapshot(Id128 resourceId) {
    return get(resourceId).collectList().map(objects -> new Snapshot(objects, true));
  }

  /**
   * @param complete false when objects were left out
   */
  record Snapshot(List<LiveObject> objects, boolean complete) {}

  /** False when there was no such live object. */
  Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash);
}
