package org.p2psip.overlay.node;

import java.util.List;
import java.util.function.Consumer;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;

/**
 * A peer's own store (docs/peer-protocol.md 5.1): the host peer backs it with its Redis, the
 * simulation with memory. Every operation answers once, on the node's executor.
 */
public interface ReplicaStore {

  /** Every version kept under {@code resourceId} (tombstones too), expired ones left out. */
  void versions(Id128 resourceId, Reply<List<StoredVersion>> reply);

  /**
   * Applies each version that is newer than the current one of its object (5.1), atomically per
   * object; answers how many replaced something or were new.
   */
  void apply(List<StoredVersion> versions, Reply<Integer> reply);

  /** Every kept version with Resource-ID in {@code range}, with content, in key order. */
  void range(Range range, Reply<List<StoredVersion>> reply);

  /**
   * Removes each of {@code versions} that is still the current version of its object (one applied
   * meanwhile stays): versions outside the replica range, once the peer responsible for them holds
   * them (5.8). Answers how many were removed.
   */
  void drop(List<StoredVersion> versions, Reply<Integer> reply);

  /** An answer, or the store's failure (408/4 to whoever asked). */
  interface Reply<T> {
    void ok(T value);

    void failed(String why);

    /** A reply from two callbacks, one for the value and one for the failure's reason. */
    static <T> Reply<T> of(Consumer<T> onValue, Consumer<String> onFailure) {
      return new Reply<>() {
        @Override
        public void ok(T value) {
          onValue.accept(value);
        }

        @Override
        public void failed(String why) {
          onFailure.accept(why);
        }
      };
    }
  }
}
