package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one node's parts share: who it is, its routing state and peer directory, its phase and
 * Status, and the ports. Package-private: {@link OverlayNode} is the public face.
 */
final class NodeContext {

  private static final Logger log = LoggerFactory.getLogger(OverlayNode.class);

  final Id128 selfId;
  final OverlaySettings settings;
  final NodeClock clock;
  final PeerLinks links;
  final Random random;
  final RoutingState routing;
  final PeerDirectory peers = new PeerDirectory();
  final PeerMessages messages;
  final NodeEvents events;
  final String name;
  NodePhase phase = NodePhase.JOINING;

  /** Inside listeners of list changes (storage repair), told before the host's events. */
  final List<Runnable> listsListeners = new ArrayList<>();

  PeerStatus status = PeerStatus.GOOD;

  NodeContext(
      PeerInfo self,
      OverlaySettings settings,
      NodeClock clock,
      PeerLinks links,
      Random random,
      NodeEvents events) {
    this.selfId = self.peerId();
    this.settings = settings;
    this.clock = clock;
    this.links = links;
    this.random = random;
    this.events = events;
    this.routing = new RoutingState(selfId, settings.listSize());
    this.messages = new PeerMessages(self, settings.initialTtl(), random);
    this.name = Ring.shortId(selfId);
  }

  Logger log() {
    return log;
  }

  long now() {
    return clock.nowMillis();
  }

  boolean running() {
    return phase != NodePhase.STOPPED;
  }

  /** This node's lists as a Routing Table (UPDATE, JOIN and SearchPeer answers, LEAVE). */
  RoutingTable listsTable() {
    return PeerMessages.table(routing.predecessors(), routing.successors(), List.of(), peers);
  }

  /** Every peer of the lists and the fingers: the peers KEEPALIVEs and NOTIFYs go to. */
  List<Id128> watchedPeers() {
    return new ArrayList<>(routing.knownPeers());
  }

  /**
   * A store reply that passes the value on and answers {@code request} 408/4 (store failure) when
   * the store fails, with a warning in the log.
   */
  <T> ReplicaStore.Reply<T> storeReply(
      Message request, Consumer<Message> answer, Consumer<T> onValue) {
    return ReplicaStore.Reply.of(
        onValue,
        why -> {
          log.warn("peer {}: store failure: {}", name, why);
          answer.accept(
              messages.answer(request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_STORE));
        });
  }

  /** Schedules {@code task} every {@code periodMillis} (+-20 % jitter when asked) while running. */
  void every(long periodMillis, boolean jitter, Runnable task) {
    long delay = jitter ? (long) (periodMillis * (0.8 + 0.4 * random.nextDouble())) : periodMillis;
    clock.schedule(
        delay,
        () -> {
          if (!running()) {
            return;
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("peer {}: periodic task failed", name, e);
          }
          every(periodMillis, jitter, task);
        });
  }
}
