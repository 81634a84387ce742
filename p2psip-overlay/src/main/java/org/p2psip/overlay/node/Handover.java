package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.value.Range;

/**
 * Moving stored data with a change of membership (docs/peer-protocol.md 4.3 step 4, 4.7 step 2,
 * 5.8): the storage layer plugs in here. Without storage there is nothing to move.
 */
public interface Handover {

  Handover NOTHING = new Handover() {};

  /** The admitting peer hands {@code range} to {@code joiner}; report whether it completed. */
  default void toJoiner(PeerInfo joiner, Range range, Consumer<Boolean> done) {
    done.accept(true);
  }

  /** A leaving peer makes {@code successor} hold every version of {@code range}. */
  default void toSuccessor(PeerInfo successor, Range range, Consumer<Boolean> done) {
    done.accept(true);
  }
}
