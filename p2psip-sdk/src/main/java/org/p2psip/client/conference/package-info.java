/** DisCo conferences: create one, join one by coordinate and probe, act as a focus. */
@NullMarked
package org.p2psip.client.conference;

import org.jspecify.annotations.NullMarked;
