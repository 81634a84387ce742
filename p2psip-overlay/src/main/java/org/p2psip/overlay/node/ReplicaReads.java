package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * The GET fallback of docs/peer-protocol.md 3.6: when the final hop t of a GET cannot answer, the
 * forwarder reads a replica instead, from the peers after t clockwise (itself included, from its
 * own store), up to R - 1 of them, and relays the first answer.
 */
final class ReplicaReads {

  private final NodeContext node;
  private final Forwarding.Local local;

  ReplicaReads(NodeContext node, Forwarding.Local local) {
    this.node = node;
    this.local = local;
  }

  /**
   * Reads a replica for {@code request} (a key-routed GET) whose final hop {@code failed} could not
   * answer; {@code relay} gets the answer to send back for the original request.
   */
  void read(Message request, Id128 failed, Consumer<Message> relay) {
    tryAfter(request, failed, 1, relay);
  }

  private void tryAfter(Message request, Id128 after, int attempt, Consumer<Message> relay) {
    Id128 replica = nextAfter(after);
    if (attempt >= node.settings.replicationFactor() || replica == null || !node.running()) {
      relay.accept(
          node.messages.answer(request, ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_NO_ROUTE));
      return;
    }
    ResourceInfo query = request.first(ResourceInfo.class);
    if (query == null) {
      relay.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    Message read =
        Message.of(
            Header.peerRequest(MessageType.GET, node.random.nextInt(), node.selfId, replica)
                .withTtl(1),
            node.messages.self(),
            query);
    Consumer<Message> onReply =
        reply -> {
          int code = reply.response() == null ? -1 : reply.response().code();
          if (code == ResponseCode.OK.code() || code == ResponseCode.NOT_FOUND.code()) {
            relay.accept(relayed(request, reply));
          } else {
            tryAfter(request, replica, attempt + 1, relay);
          }
        };
    if (replica.equals(node.selfId)) {
      local.deliver(null, read, onReply);
      return;
    }
    node.links.send(
        replica,
        read,
        node.settings.hopTimeoutMillis(),
        outcome -> {
          if (outcome instanceof PeerLinks.Outcome.Answered answered) {
            onReply.accept(answered.answer());
          } else {
            tryAfter(request, replica, attempt + 1, relay);
          }
        });
  }

  /** The next peer after {@code after} clockwise among those this node knows, itself included. */
  private @Nullable Id128 nextAfter(Id128 after) {
    List<Id128> candidates = new ArrayList<>(node.routing.knownPeers());
    candidates.add(node.selfId);
    Id128 best = null;
    for (Id128 candidate : candidates) {
      if (candidate.equals(after)) {
        continue;
      }
      if (best == null
          || Ring.distance(after, candidate).compareTo(Ring.distance(after, best)) < 0) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * The original request's answer with the replica's Response, Destination Peer Info, Resource
   * Infos.
   */
  private Message relayed(Message request, Message reply) {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(reply.response());
    for (PeerInfo info : reply.all(PeerInfo.class)) {
      if (!info.source()) {
        attributes.add(info);
        break;
      }
    }
    attributes.addAll(reply.all(ResourceInfo.class));
    return new Message(request.header().toPeerResponse(node.settings.initialTtl()), attributes);
  }
}
