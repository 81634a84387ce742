package org.p2psip.overlay.routing;

import org.p2psip.protocol.value.Id128;

/** The next-hop decision for a routed request (docs/peer-protocol.md 3.3). */
public sealed interface Route {

  /** This peer is the destination (rule 1). */
  record Local() implements Route {}

  /**
   * Send the request on to {@code peer}. {@code finalHop}: rules 2 and 3 (or the fallback to s1),
   * where the peer is the destination, so an unreachable one is declared dead and the choice made
   * again (3.4); otherwise a rule-4 forward to the closest preceding known peer.
   */
  record Next(Id128 peer, boolean finalHop) implements Route {}

  /** 408/2: no usable next hop, or a replica read whose addressed peer is not the next one. */
  record NoRoute() implements Route {}

  Route LOCAL = new Local();
  Route NO_ROUTE = new NoRoute();
}
