/** SDP for audio calls: what an offer asks for, and the RFC 3264 answer a focus gives. */
@NullMarked
package org.p2psip.disco.sdp;

import org.jspecify.annotations.NullMarked;
