package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/**
 * What a ring member answers to requests it must refuse or that visit every hop
 * (docs/peer-protocol.md 2.2, 7, 9), through {@code OverlayNode.onRequest} as the transport calls
 * it.
 */
class NodeAnswersTest {

  private SimNetwork network;
  private List<SimNetwork.SimNode> nodes;
  private Random random;

  @BeforeEach
  void ring() {
    random = new Random(11);
    network = new SimNetwork(11, SimNetwork.settings());
    nodes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      nodes.add(network.add(Id128.random(random)));
    }
    ConvergedRing.start(nodes, 4);
    network.time.advance(2_000);
  }

  private Message ask(SimNetwork.SimNode at, Id128 from, Message request) {
    AtomicReference<Message> answer = new AtomicReference<>();
    at.overlay.onRequest(from, request, answer::set);
    network.time.advance(3_000);
    return answer.get();
  }

  private static int code(Message answer) {
    return answer.response().code();
  }

  private static Integer subCode(Message answer) {
    return answer.response().subCode();
  }

  @Test
  void aTransferFromAPeerOutsideTheListsIsRefusedAndNothingApplied() {
    SimNetwork.SimNode at = nodes.get(0);
    SimNetwork.SimNode stranger = farFrom(at);
    Message transfer =
        Message.of(
            Header.peerRequest(MessageType.TRANSFER, 1, stranger.id, at.id).withTtl(1),
            stranger.info,
            new NegotiationInfo(
                Mode.DATA, Reason.REPLICATE, true, 0, at.id, at.id, 0, 0, 0, null, List.of()));
    Message answer = ask(at, stranger.id, transfer);
    assertThat(code(answer)).isEqualTo(ResponseCode.REJECTED.code());
    assertThat(subCode(answer)).isEqualTo(9);
  }

  @Test
  void aJoinForALiveNodeIdIsRefused() {
    SimNetwork.SimNode at = nodes.get(0);
    SimNetwork.SimNode member = network.node(at.overlay.view().predecessors().get(0));
    // The JOIN claims the Node-ID of at's p1, so at is responsible for it... only if it routes
    // there: a member's own Node-ID is owned by that member, which refuses with 403/8.
    Message join =
        Message.of(
            Header.peerRequest(MessageType.JOIN, 2, member.id, member.id).withTtl(32), member.info);
    Message answer = ask(member, at.id, join);
    assertThat(code(answer)).isEqualTo(ResponseCode.REJECTED.code());
    assertThat(subCode(answer)).isEqualTo(8);
  }

  @Test
  void aJoinerThatAsksAgainDuringItsAdmissionIsAnsweredAgainAndAnyOtherWaits() {
    SimNetwork.SimNode at = nodes.get(0);
    // Node-IDs just before at: at is responsible for them, so it admits them
    SimNetwork.SimNode newcomer = network.add(before(at.id, 1));
    SimNetwork.SimNode other = network.add(before(at.id, 2));
    Id128 neighbour = at.overlay.view().predecessors().get(0);
    Message first = ask(at, neighbour, joinOf(newcomer, 5));
    assertThat(code(first)).isEqualTo(ResponseCode.OK.code());

    Message again = ask(at, neighbour, joinOf(newcomer, 6));
    assertThat(code(again))
        .as("the same joiner, which lost the answer or its connection: answered again")
        .isEqualTo(ResponseCode.OK.code());
    assertThat(again.first(RoutingTable.class)).isNotNull();
    assertThat(code(ask(at, neighbour, joinOf(other, 7))))
        .as("another joiner waits while one is admitted")
        .isEqualTo(ResponseCode.JOIN_REQUEST_DEFERRED.code());
  }

  private static Message joinOf(SimNetwork.SimNode joiner, int transactionId) {
    return Message.of(
        Header.peerRequest(MessageType.JOIN, transactionId, joiner.id, joiner.id).withTtl(32),
        joiner.info);
  }

  private static Id128 before(Id128 id, int by) {
    BigInteger value = new BigInteger(1, id.toByteArray()).subtract(BigInteger.valueOf(by));
    byte[] bytes = value.mod(BigInteger.ONE.shiftLeft(128)).toByteArray();
    byte[] sixteen = new byte[16];
    int length = Math.min(bytes.length, 16);
    System.arraycopy(bytes, bytes.length - length, sixteen, 16 - length, length);
    return Id128.wrap(sixteen);
  }

  @Test
  void otherHostPeersAreKnownPeersWithTheirClientAddressesNeverTheNodeItself() {
    SimNetwork.SimNode at = nodes.get(0);
    ServicePeerInfo others = at.overlay.otherHostPeers(3);
    assertThat(others.serviceType()).isEqualTo(ServiceType.HOST_PEER);
    assertThat(others.peers()).hasSize(3);
    for (ServicePeer peer : others.peers()) {
      assertThat(peer.peerId()).isNotEqualTo(at.id);
      assertThat(
              at.overlay.view().successors().contains(peer.peerId())
                  || at.overlay.view().predecessors().contains(peer.peerId())
                  || at.overlay.view().fingers().contains(peer.peerId()))
          .as("from the routing state")
          .isTrue();
      assertThat(peer.addresses())
          .isNotEmpty()
          .allSatisfy(
              address -> assertThat(address.usage()).isEqualTo(PeerAddressInfo.USAGE_CLIENT));
    }
    assertThat(at.overlay.otherHostPeers(1).peers()).hasSize(1);
  }

  @Test
  void anUpdateOfAnUnknownTypeIsBadParameters() {
    SimNetwork.SimNode at = nodes.get(0);
    Id128 s1 = at.overlay.view().successors().get(0);
    Message update =
        Message.of(
            Header.peerRequest(MessageType.UPDATE, 3, s1, at.id).withTtl(1),
            network.node(s1).info,
            new UpdateTypeAttribute(7));
    assertThat(code(ask(at, s1, update))).isEqualTo(ResponseCode.BAD_PARAMETERS.code());
  }

  @Test
  void aRoutedRequestWithTtlZeroIsRefused() {
    SimNetwork.SimNode at = nodes.get(0);
    Id128 s1 = at.overlay.view().successors().get(0);
    Message search = SearchPeers.of(network.node(s1).info, Id128.random(random), 4);
    Message expired = new Message(search.header().withTtl(0), search.attributes());
    Message answer = ask(at, s1, expired);
    assertThat(code(answer)).isEqualTo(ResponseCode.REQUEST_FAILED.code());
    assertThat(subCode(answer)).isEqualTo(1);
  }

  @Test
  void aNodeStillJoiningAnswersRoutedRequestsWithInterrupt() {
    SimNetwork.SimNode newcomer = network.add(Id128.random(random));
    newcomer.overlay.start(List.of("nowhere:6094"));
    Message search = SearchPeers.of(nodes.get(0).info, Id128.random(random), 5);
    assertThat(code(ask(newcomer, nodes.get(0).id, search)))
        .isEqualTo(ResponseCode.OVERLAY_SERVICE_INTERRUPT.code());
  }

  @Test
  void lookUpServicePeerCollectsDistinctPeersAlongThePath() {
    SimNetwork.SimNode source = nodes.get(0);
    Header header =
        new Header(
            MessageType.LOOKUP_SERVICE_PEER.code(),
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            32,
            6,
            source.id,
            Id128.random(random));
    Message lookup =
        Message.of(header, source.info, ServicePeerInfo.query(ServiceType.PUBLIC_PEER, 6));
    AtomicReference<Message> answer = new AtomicReference<>();
    source.overlay.originate(lookup, answer::set);
    network.time.advance(3_000);
    assertThat(code(answer.get())).isEqualTo(ResponseCode.OK.code());
    List<ServicePeer> found = answer.get().first(ServicePeerInfo.class).peers();
    Set<Id128> distinct = new HashSet<>();
    found.forEach(peer -> distinct.add(peer.peerId()));
    assertThat(found).hasSize(6);
    assertThat(distinct).hasSize(6).contains(source.id);
  }

  /** A node that is in none of {@code at}'s lists. */
  private SimNetwork.SimNode farFrom(SimNetwork.SimNode at) {
    for (SimNetwork.SimNode node : nodes) {
      if (!node.id.equals(at.id)
          && !at.overlay.view().successors().contains(node.id)
          && !at.overlay.view().predecessors().contains(node.id)) {
        return node;
      }
    }
    throw new IllegalStateException("a ring of 30 has peers outside any list of 4");
  }
}
