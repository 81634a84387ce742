/** The landmark RTT probe (docs/protocol.md section 5). */
@NullMarked
package org.p2psip.protocol.probe;

import org.jspecify.annotations.NullMarked;
