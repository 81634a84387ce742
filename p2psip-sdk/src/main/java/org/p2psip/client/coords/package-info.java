/** The landmark set and this host's own network coordinate. */
@NullMarked
package org.p2psip.client.coords;

import org.jspecify.annotations.NullMarked;
