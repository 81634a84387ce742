package org.p2psip.hostpeer.overlay.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;

/**
 * The established connections by peer (docs/peer-protocol.md 4.1): at most one this peer opened,
 * and the latest one the peer opened (a newer handshake from the same Node-ID replaces it). Only
 * touched on the node's thread.
 */
final class ConnectionRegistry {

  private final Map<Id128, PeerConnection> opened = new HashMap<>();
  private final Map<Id128, PeerConnection> accepted = new HashMap<>();

  /** Registers an established connection; returns the one it replaces, if any. */
  @Nullable PeerConnection add(PeerConnection connection) {
    Id128 peer = connection.peer();
    if (peer == null) {
      throw new IllegalStateException("only established connections are registered");
    }
    return (connection.opened() ? opened : accepted).put(peer, connection);
  }

  /** Removes {@code connection}; false when it was not registered (or already replaced). */
  boolean remove(PeerConnection connection) {
    Id128 peer = connection.peer();
    return peer != null && (connection.opened() ? opened : accepted).remove(peer, connection);
  }

  /** The connection this peer opened with {@code peer}, if established. */
  @Nullable PeerConnection openedTo(Id128 peer) {
    return opened.get(peer);
  }

  /** A connection to send a request to {@code peer} on: the one opened here first. */
  @Nullable PeerConnection usable(Id128 peer) {
    PeerConnection mine = opened.get(peer);
    if (mine != null && mine.usable()) {
      return mine;
    }
    PeerConnection theirs = accepted.get(peer);
    return theirs != null && theirs.usable() ? theirs : null;
  }

  int size() {
    return opened.size() + accepted.size();
  }

  boolean connectedTo(Id128 peer) {
    return opened.containsKey(peer) || accepted.containsKey(peer);
  }

  /** Every registered connection with {@code peer}. */
  List<PeerConnection> with(Id128 peer) {
    List<PeerConnection> all = new ArrayList<>(2);
    PeerConnection mine = opened.get(peer);
    PeerConnection theirs = accepted.get(peer);
    if (mine != null) {
      all.add(mine);
    }
    if (theirs != null) {
      all.add(theirs);
    }
    return all;
  }
}
