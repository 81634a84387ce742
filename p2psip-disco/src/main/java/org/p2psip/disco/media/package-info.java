/**
 * The conference's audio (DisCo 3.3: each focus mixes for its participants): G.711 (PCMU, PCMA)
 * over RTP (RFC 3550, 3551) in 20 ms packets, a small jitter buffer per stream, and a mix-minus per
 * participant; foci relay their own participants' mix to each other. Sockets are Reactor Netty UDP;
 * the mixing clock is one Reactor timer per focus.
 */
@NullMarked
package org.p2psip.disco.media;

import org.jspecify.annotations.NullMarked;
