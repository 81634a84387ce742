package org.p2psip.hostpeer.overlay.peer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;

/** A {@link NodeView} as the Actuator endpoint shows it: IDs in hex, ranges as (start, end]. */
final class RingView {

  private RingView() {}

  /**
   * Resource-IDs with versions in this peer's store: in all, in its responsibility and in its
   * replica range (the rest is foreign data, dropped after the handover grace); -1 when its Redis
   * did not answer.
   */
  record Stored(long total, long inResponsibility, long inReplicaRange) {
    static final Stored UNKNOWN = new Stored(-1, -1, -1);
  }

  static Map<String, Object> of(NodeView view, Stored stored) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("nodeId", view.nodeId().hex());
    shown.put("phase", view.phase().name());
    shown.put("status", view.status().name());
    shown.put("predecessors", hex(view.predecessors()));
    shown.put("successors", hex(view.successors()));
    shown.put("fingers", hex(view.fingers()));
    shown.put("responsibility", range(view.responsibility()));
    shown.put("replicaRange", range(view.replicaRange()));
    shown.put("pendingForwards", view.pendingForwards());
    shown.put("repairingWith", hex(view.repairing()));
    shown.put("storedResourceIds", stored.total());
    shown.put("storedInResponsibility", stored.inResponsibility());
    shown.put("storedInReplicaRange", stored.inReplicaRange());
    return shown;
  }

  private static Map<String, String> range(Range range) {
    return Map.of("start", range.start().hex(), "end", range.end().hex());
  }

  private static List<String> hex(List<Id128> ids) {
    return ids.stream().map(Id128::hex).toList();
  }
}
