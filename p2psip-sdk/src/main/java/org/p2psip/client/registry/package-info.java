/** The DisCo registry's HTTP API and its change stream. */
@NullMarked
package org.p2psip.client.registry;

import org.jspecify.annotations.NullMarked;
