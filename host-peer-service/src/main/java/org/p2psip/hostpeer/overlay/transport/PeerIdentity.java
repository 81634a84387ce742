package org.p2psip.hostpeer.overlay.transport;

import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;
import reactor.netty.Connection;

/**
 * Where the authenticated Node-ID of a connection comes from (docs/peer-protocol.md 1, "Peer
 * identity"): the TLS certificate's URI SAN, or in development the Source Peer-ID the handshake
 * asserts.
 */
@FunctionalInterface
interface PeerIdentity {

  /**
   * Development mode: whatever the handshake claims. No trust boundary at all (section 9), so the
   * peer port must not be reachable from outside the machine or test network.
   */
  PeerIdentity ASSERTED_UNVERIFIED =
      (connection, handshake) -> {
        Id128 asserted = handshake.header().sourcePeerId();
        return asserted != null ? asserted : Handshake.UNKNOWN_PEER;
      };

  /** The Node-ID the peer on {@code connection} is authenticated as (0 when none). */
  Id128 nodeId(Connection connection, Message handshake);
}
