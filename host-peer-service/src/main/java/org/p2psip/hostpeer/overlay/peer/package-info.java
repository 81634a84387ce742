/**
 * The host peer as a member of the ring (docs/peer-protocol.md): the overlay node, its peer port
 * and its own Redis store put together under the {@code p2psip.host-peer.overlay.*} settings, and
 * the Actuator view of the ring. Off unless {@code p2psip.host-peer.overlay.enabled} is set.
 */
@NullMarked
package org.p2psip.hostpeer.overlay.peer;

import org.jspecify.annotations.NullMarked;
