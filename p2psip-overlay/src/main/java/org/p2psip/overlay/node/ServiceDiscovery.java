package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;

/**
 * LookUpServicePeer with H set (docs/peer-protocol.md 7): every peer that handles it, forwarders
 * included, adds itself if it qualifies, then qualifying peers of its routing state not yet listed,
 * until Max Num or the message limit. Type 2: every peer; type 3: peers with Status good and a
 * client-protocol address (Usage 1); types 0 and 1: none.
 */
final class ServiceDiscovery {

  private final NodeContext node;

  ServiceDiscovery(NodeContext node) {
    this.node = node;
  }

  /** The message with this node's additions to its Service Peer Info (unchanged without H). */
  Message collect(Message request) {
    ServicePeerInfo info = request.first(ServicePeerInfo.class);
    if (!request.header().hFlag() || info == null) {
      return request;
    }
    ServicePeerInfo grown = info;
    Set<Id128> listed = new HashSet<>();
    for (ServicePeer peer : info.peers()) {
      listed.add(peer.peerId());
    }
    int size = request.encodedLength();
    List<PeerInfo> candidates = new ArrayList<>();
    candidates.add(node.messages.self());
    for (Id128 peer : node.routing.knownPeers()) {
      PeerInfo known = node.peers.info(peer);
      if (known != null) {
        candidates.add(known);
      }
    }
    for (PeerInfo candidate : candidates) {
      if (grown.peers().size() >= grown.maxNum()) {
        break;
      }
      ServicePeer entry = qualifying(info.serviceType(), candidate);
      if (entry == null || !listed.add(candidate.peerId())) {
        continue;
      }
      if (size + entry.encodedLength() > Message.MAX_LENGTH) {
        break;
      }
      size += entry.encodedLength();
      grown = grown.plus(entry);
    }
    List<Attribute> attributes = new ArrayList<>();
    for (Attribute attribute : request.attributes()) {
      attributes.add(attribute == info ? grown : attribute);
    }
    return new Message(request.header(), attributes);
  }

  /**
   * Up to {@code max} host peers (type 3) of this node's routing state, itself left out: the peers
   * a busy or full host peer sends its clients to (7, client redirection).
   */
  ServicePeerInfo otherHostPeers(int max) {
    ServicePeerInfo found = ServicePeerInfo.query(ServiceType.HOST_PEER, max);
    for (Id128 peer : node.routing.knownPeers()) {
      if (found.peers().size() >= max) {
        break;
      }
      PeerInfo known = node.peers.info(peer);
      ServicePeer entry = known == null ? null : qualifying(ServiceType.HOST_PEER, known);
      if (entry != null && !peer.equals(node.selfId)) {
        found = found.plus(entry);
      }
    }
    return found;
  }

  private @Nullable ServicePeer qualifying(ServiceType type, PeerInfo peer) {
    return switch (type) {
      case PUBLIC_PEER -> new ServicePeer(peer.peerId(), peer.addresses());
      case HOST_PEER -> {
        PeerStatus status =
            peer.peerId().equals(node.selfId) ? node.status : statusOf(peer.peerId());
        List<PeerAddressInfo> client = new ArrayList<>();
        for (PeerAddressInfo address : peer.addresses()) {
          if (address.usage() == PeerAddressInfo.USAGE_CLIENT) {
            client.add(address);
          }
        }
        yield status == PeerStatus.GOOD && !client.isEmpty()
            ? new ServicePeer(peer.peerId(), client)
            : null;
      }
      case STUN, STUN_RELAY -> null;
    };
  }

  private PeerStatus statusOf(Id128 peer) {
    PeerDirectory.Known known = node.peers.get(peer);
    return known == null ? PeerStatus.OVERLAY_SERVICE_INTERRUPT : known.status;
  }
}
