/**
 * The focus agent (DisCo 3.3, 4.4, 5.1, 5.3): answers participants' calls to its conference, keeps
 * the conference state, serves subscriptions to it and notifies every change.
 */
@NullMarked
package org.p2psip.disco.focus;

import org.jspecify.annotations.NullMarked;
