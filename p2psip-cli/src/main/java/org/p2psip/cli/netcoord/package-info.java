/** {@code p2psip netcoord}: the netcoord library's evaluation on an RTT matrix. */
@NullMarked
package org.p2psip.cli.netcoord;

import org.jspecify.annotations.NullMarked;
