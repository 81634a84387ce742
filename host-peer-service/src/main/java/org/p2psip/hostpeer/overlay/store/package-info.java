/**
 * The overlay store of a host peer (docs/peer-protocol.md 5.1): the versions of the objects of its
 * replica range, in its own Redis, apart from the client cache and the client-protocol records.
 */
@NullMarked
package org.p2psip.hostpeer.overlay.store;

import org.jspecify.annotations.NullMarked;
