/**
 * SIP through JAIN-SIP (the NIST reference implementation): one {@link
 * org.p2psip.disco.sip.SipEndpoint} per user agent, UDP and TCP on one port, its callbacks bridged
 * into Reactor so that no caller ever waits on a SIP thread and no SIP thread on a caller.
 */
@NullMarked
package org.p2psip.disco.sip;

import org.jspecify.annotations.NullMarked;
