package org.p2psip.hostpeer.auth;

import java.util.List;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;

/**
 * An overlay account as the enrollment service keeps it in Redis (docs/redis-layout.md): the CHAP
 * key K, never the password; whether it is active; the Node-IDs issued to it.
 */
public record Account(String userName, byte[] chapKey, boolean active, List<Id128> nodeIds) {

  /**
   * The Node-ID a client joining as this account gets: its first issued Node-ID; for an account
   * that has none yet, the Resource-ID of its user name, so that it is stable across sessions.
   */
  public Id128 nodeId() {
    return nodeIds.isEmpty() ? ResourceIds.of(userName) : nodeIds.get(0);
  }
}
