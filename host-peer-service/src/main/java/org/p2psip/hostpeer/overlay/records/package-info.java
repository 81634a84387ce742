/**
 * The client side through the overlay (docs/peer-protocol.md 6): a client's Put, Get and Remove as
 * routed peer requests, and the peers' answers mapped to the client protocol.
 */
@NullMarked
package org.p2psip.hostpeer.overlay.records;

import org.jspecify.annotations.NullMarked;
