package org.p2psip.overlay.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.overlay.routing.NextHop;
import org.p2psip.overlay.routing.RoutingState;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/** Starts simulated nodes as members of a ring with their true lists and fingers. */
final class ConvergedRing {

  private ConvergedRing() {}

  static void start(List<SimNetwork.SimNode> nodes, int listSize) {
    List<SimNetwork.SimNode> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> a.id.compareTo(b.id));
    List<Id128> ids = sorted.stream().map(node -> node.id).toList();
    Map<Id128, PeerInfo> infos = new HashMap<>();
    for (SimNetwork.SimNode node : sorted) {
      infos.put(node.id, node.info);
    }
    int n = sorted.size();
    for (int i = 0; i < n; i++) {
      SimNetwork.SimNode node = sorted.get(i);
      List<PeerInfo> neighbours = new ArrayList<>();
      for (int k = 1; k <= listSize && k < n; k++) {
        neighbours.add(sorted.get((i + k) % n).info);
        neighbours.add(sorted.get(Math.floorMod(i - k, n)).info);
      }
      Map<Integer, PeerInfo> fingers = new HashMap<>();
      for (int f = 0; f < RoutingState.FINGERS; f++) {
        Id128 owner = NextHop.responsible(ids, Ring.fingerTarget(node.id, f));
        if (owner != null && !owner.equals(node.id)) {
          fingers.put(f, infos.get(owner));
        }
      }
      node.overlay.startJoined(neighbours, fingers);
    }
  }
}
