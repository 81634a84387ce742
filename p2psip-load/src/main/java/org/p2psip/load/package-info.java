/** Load generators over real sockets, on the SDK's public API (run by {@code p2psip load}). */
@NullMarked
package org.p2psip.load;

import org.jspecify.annotations.NullMarked;
