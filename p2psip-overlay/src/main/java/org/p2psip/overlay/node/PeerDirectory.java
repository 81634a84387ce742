package org.p2psip.overlay.node;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.routing.HopCondition;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.value.Id128;

/**
 * What a node remembers per peer (docs/peer-protocol.md 3.2): its Peer Info (to put it into Routing
 * Tables), its last Status, its missed KEEPALIVEs; and the peers to ignore for a while, because
 * they died or failed a handshake (4.4, 4.5).
 */
final class PeerDirectory {

  private final Map<Id128, Known> known = new HashMap<>();
  private final Map<Id128, Long> ignoredUntil = new HashMap<>();

  /** Per-peer state. */
  static final class Known {
    PeerInfo info;
    PeerStatus status = PeerStatus.GOOD;
    int missedKeepalives;

    Known(PeerInfo info) {
      this.info = info;
    }
  }

  /** Records a peer a handshake vouched for (or refreshes its Peer Info). */
  void learn(PeerInfo info) {
    Known entry = known.get(info.peerId());
    if (entry == null) {
      known.put(info.peerId(), new Known(info));
    } else {
      entry.info = info;
    }
  }

  @Nullable Known get(Id128 peer) {
    return known.get(peer);
  }

  @Nullable PeerInfo info(Id128 peer) {
    Known entry = known.get(peer);
    return entry == null ? null : entry.info;
  }

  boolean isKnown(Id128 peer) {
    return known.containsKey(peer);
  }

  void forget(Id128 peer) {
    known.remove(peer);
  }

  void ignore(Id128 peer, long untilMillis) {
    ignoredUntil.put(peer, untilMillis);
  }

  boolean isIgnored(Id128 peer, long nowMillis) {
    Long until = ignoredUntil.get(peer);
    if (until == null) {
      return false;
    }
    if (until <= nowMillis) {
      ignoredUntil.remove(peer);
      return false;
    }
    return true;
  }

  void recordStatus(Id128 peer, PeerStatus status) {
    Known entry = known.get(peer);
    if (entry != null) {
      entry.status = status;
    }
  }

  /** Flexible forwarding (3.4) on the last Status heard from each peer. */
  HopCondition condition() {
    return peer -> {
      Known entry = known.get(peer);
      if (entry == null) {
        return HopCondition.Usability.UNUSABLE;
      }
      return switch (entry.status) {
        case GOOD -> HopCondition.Usability.USABLE;
        case BUSY -> HopCondition.Usability.BUSY;
        case OVERLAY_SERVICE_INTERRUPT -> HopCondition.Usability.UNUSABLE;
      };
    };
  }
}
