/** Versions, their order and range digests of docs/peer-protocol.md 5. */
@NullMarked
package org.p2psip.overlay.store;

import org.jspecify.annotations.NullMarked;
