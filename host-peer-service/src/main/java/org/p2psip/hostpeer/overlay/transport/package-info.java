/**
 * The peer port of a host peer (docs/peer-protocol.md 4.1, 8.2, 9): Reactor Netty TCP connections
 * with other host peers, the connection handshake, the per-connection checks of section 9, and the
 * {@code PeerLinks} and {@code NodeClock} ports of one {@code OverlayNode}. Plain Java and Reactor
 * Netty, no Spring: the service's configuration builds and starts it.
 */
@NullMarked
package org.p2psip.hostpeer.overlay.transport;

import org.jspecify.annotations.NullMarked;
