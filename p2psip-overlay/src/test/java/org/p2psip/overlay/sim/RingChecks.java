package org.p2psip.overlay.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.overlay.routing.NextHop;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;

/** What a simulated ring should look like, and lookups through the nodes' real messages. */
final class RingChecks {

  private RingChecks() {}

  /** Live nodes whose successor list is not the true next S live peers, by name. */
  /** The replica set of {@code key} in the true ring: its responsible peer and R - 1 successors. */
  static Set<Id128> replicaSet(List<Id128> sortedIds, Id128 key, int replicationFactor) {
    Id128 responsible = NextHop.responsible(sortedIds, key);
    int index = sortedIds.indexOf(responsible);
    Set<Id128> set = new HashSet<>();
    for (int k = 0; k < replicationFactor; k++) {
      set.add(sortedIds.get((index + k) % sortedIds.size()));
    }
    return set;
  }

  static List<String> wrongSuccessorLists(SimNetwork network, int listSize) {
    List<SimNetwork.SimNode> alive = network.alive();
    List<String> wrong = new ArrayList<>();
    int n = alive.size();
    for (int i = 0; i < n; i++) {
      NodeView view = alive.get(i).overlay.view();
      List<Id128> expected = new ArrayList<>();
      for (int k = 1; k <= Math.min(listSize, n - 1); k++) {
        expected.add(alive.get((i + k) % n).id);
      }
      if (view.phase() != NodePhase.JOINED || !view.successors().equals(expected)) {
        wrong.add(
            view.nodeId().hex().substring(0, 8)
                + " "
                + view.phase()
                + " "
                + view.successors().size());
      }
    }
    return wrong;
  }

  /** Result of a batch of lookups. */
  record Lookups(int sent, int correct, int failed) {}

  /**
   * Sends {@code count} SearchPeer requests from random live nodes for random keys and lets virtual
   * time run until they are answered; a lookup is correct when the answering peer is the live peer
   * responsible for the key.
   */
  static Lookups lookups(SimNetwork network, int count, Random random) {
    List<SimNetwork.SimNode> alive = network.alive();
    List<Id128> ids = alive.stream().map(node -> node.id).toList();
    int[] correct = {0};
    int[] failed = {0};
    for (int i = 0; i < count; i++) {
      Id128 key = Id128.random(random);
      Id128 expected = NextHop.responsible(ids, key);
      SimNetwork.SimNode from = alive.get(random.nextInt(alive.size()));
      Message search = SearchPeers.of(from.overlay.self(), key, random.nextInt());
      from.overlay.originate(
          search,
          answer -> {
            PeerInfo responder = null;
            for (PeerInfo info : answer.all(PeerInfo.class)) {
              if (!info.source()) {
                responder = info;
              }
            }
            if (answer.response().code() == ResponseCode.OK.code()
                && responder != null
                && responder.peerId().equals(expected)) {
              correct[0]++;
            } else {
              failed[0]++;
            }
          });
    }
    // Until every lookup has its answer (the request timeout, 10 s, bounds it).
    for (int waited = 0; correct[0] + failed[0] < count && waited < 15_000; waited += 200) {
      network.time.advance(200);
    }
    return new Lookups(count, correct[0], failed[0]);
  }
}
