package org.p2psip.overlay.node;

import java.util.List;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;

/** The ring as one node sees it, for the Actuator endpoint, logs and tests. */
public record NodeView(
    Id128 nodeId,
    NodePhase phase,
    PeerStatus status,
    List<Id128> predecessors,
    List<Id128> successors,
    List<Id128> fingers,
    Range responsibility,
    Range replicaRange,
    List<Id128> repairing,
    int pendingForwards) {}
