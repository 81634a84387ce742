package org.p2psip.hostpeer.record;

import org.p2psip.protocol.value.Id128;

/**
 * The boundary between serving a client and knowing where a record lives.
 *
 * <p>The client draft has a host peer keep the records its own clients publish and answer from them
 * first ({@link #cache()}); everything else belongs to the peer responsible for the Resource-ID
 * ({@link #responsibleFor}). With a single peer both are this peer's Redis; the overlay replaces
 * {@link #responsibleFor} with a lookup that may return a remote peer's store.
 */
public interface RecordPlacement {

  /** The host-peer cache: records published through this peer, answered locally. */
  RecordStore cache();

  /** The store of the peer responsible for {@code resourceId}. */
  RecordStore responsibleFor(Id128 resourceId);
}
