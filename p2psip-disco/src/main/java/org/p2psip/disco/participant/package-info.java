/** A participant's side of a distributed conference: its call to a focus and its roster. */
@NullMarked
package org.p2psip.disco.participant;

import org.jspecify.annotations.NullMarked;
