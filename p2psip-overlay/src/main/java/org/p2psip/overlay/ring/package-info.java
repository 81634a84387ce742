/** Ring arithmetic of docs/peer-protocol.md 3.1: distances, intervals, ranges. */
@NullMarked
package org.p2psip.overlay.ring;

import org.jspecify.annotations.NullMarked;
