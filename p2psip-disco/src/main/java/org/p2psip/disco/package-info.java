/**
 * DisCo focus call control (draft-knauf-p2psip-disco-00 sections 3.3-3.4, 4.4, 5.1, 5.3, 7): the
 * conference state foci keep between them, SIP through a standard stack, and the focus agent. A
 * library: no Spring, no service; the SDK and the command line use it. docs/disco-sip.md says how.
 */
@NullMarked
package org.p2psip.disco;

import org.jspecify.annotations.NullMarked;
