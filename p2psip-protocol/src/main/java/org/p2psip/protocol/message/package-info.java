/**
 * Messages, headers, response codes and the validators of the client protocol (docs/protocol.md)
 * and the peer protocol (docs/peer-protocol.md).
 */
@NullMarked
package org.p2psip.protocol.message;

import org.jspecify.annotations.NullMarked;
