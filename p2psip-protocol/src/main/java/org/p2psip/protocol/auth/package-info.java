/** CHAP key derivation and responses (docs/protocol.md 2.3). */
@NullMarked
package org.p2psip.protocol.auth;

import org.jspecify.annotations.NullMarked;
