package org.p2psip.hostpeer.overlay.peer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.overlay.node.NodeView;
import org.p2psip.protocol.value.Id128;

/** A {@link NodeView} as the Actuator endpoint shows it: IDs in hex, ranges as (start, end]. */
final class RingView {

  private RingView() {}

  /**
   * @param storedResourceIds Resource-IDs with versions in this peer's store, -1 when its Redis did
   *     not answer
   */
  static Map<String, Object> of(NodeView view, long storedResourceIds) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("nodeId", view.nodeId().hex());
    shown.put("phase", view.phase().name());
    shown.put("status", view.status().name());
    shown.put("predecessors", hex(view.predecessors()));
    shown.put("successors", hex(view.successors()));
    shown.put("fingers", hex(view.fingers()));
    shown.put(
        "responsibility",
        Map.of(
            "start", view.responsibility().start().hex(),
            "end", view.responsibility().end().hex()));
    shown.put("pendingForwards", view.pendingForwards());
    shown.put("storedResourceIds", storedResourceIds);
    return shown;
  }

  private static List<String> hex(List<Id128> ids) {
    return ids.stream().map(Id128::hex).toList();
  }
}
