/** Host-peer connections and overlay sessions with failover (the client protocol). */
@NullMarked
package org.p2psip.client.peer;

import org.jspecify.annotations.NullMarked;
