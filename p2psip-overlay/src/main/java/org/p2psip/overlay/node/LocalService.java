package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;

/**
 * Requests a node serves from its own store (docs/peer-protocol.md 5): PUT, GET and REMOVE it is
 * responsible for (or a replica read addressed to it), TRANSFER from a neighbour, and
 * LookUpServicePeer at its end. The storage layer plugs in here.
 */
@FunctionalInterface
public interface LocalService {

  /**
   * @param from the neighbour the request came from, or null when this node originated it
   */
  void handle(@Nullable Id128 from, Message request, Consumer<Message> answer);
}
