/**
 * The Netty codec: framing, message and attribute decoding, encoding (docs/protocol.md sections 1
 * and 2).
 */
@NullMarked
package org.p2psip.protocol.codec;

import org.jspecify.annotations.NullMarked;
