/** Value types: 128-bit IDs, byte strings, Resource-IDs, hash algorithms and ring arithmetic. */
@NullMarked
package org.p2psip.protocol.value;

import org.jspecify.annotations.NullMarked;
