/** Routing state and next-hop choice of docs/peer-protocol.md 3.2-3.4. */
@NullMarked
package org.p2psip.overlay.routing;

import org.jspecify.annotations.NullMarked;
