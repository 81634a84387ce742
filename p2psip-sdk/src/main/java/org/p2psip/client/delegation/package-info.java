/**
 * Focus delegations (docs/protocol-notes.md, "Focus delegation"): a conference owner's short-lived,
 * signed grant letting another overlay member write its own DISCO-REGISTRATION entry without the
 * conference's key; issuing one and keeping it as a file.
 */
@NullMarked
package org.p2psip.client.delegation;

import org.jspecify.annotations.NullMarked;
