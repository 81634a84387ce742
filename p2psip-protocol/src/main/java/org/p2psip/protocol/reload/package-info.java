/**
 * RELOAD structures used by DisCo (docs/protocol.md section 4): registrations, dictionary entries,
 * signatures, certificates.
 */
@NullMarked
package org.p2psip.protocol.reload;

import org.jspecify.annotations.NullMarked;
