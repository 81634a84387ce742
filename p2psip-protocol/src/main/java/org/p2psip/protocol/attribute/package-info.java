/**
 * The TLV attributes of docs/protocol.md section 2 and docs/peer-protocol.md 2.3, one class per
 * attribute.
 */
@NullMarked
package org.p2psip.protocol.attribute;

import org.jspecify.annotations.NullMarked;
