/**
 * One peer's overlay logic as an event-driven object (docs/peer-protocol.md 3-4): it receives peer
 * messages and timer ticks and sends messages through ports ({@link
 * org.p2psip.overlay.node.PeerLinks}, {@link org.p2psip.overlay.node.NodeClock}), so the host peer
 * runs it over TCP and TLS and the simulation runs the same code over a virtual network in virtual
 * time. Everything here runs on the node's one executor; ports deliver their callbacks there.
 */
@NullMarked
package org.p2psip.overlay.node;

import org.jspecify.annotations.NullMarked;
