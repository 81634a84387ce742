package org.p2psip.hostpeer.server;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.Message;

/** What to write back for one inbound message (nothing when null), and whether to close after. */
record Reply(@Nullable Message message, boolean close) {}
