package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing Table (0x0B, docs/peer-protocol.md 2.3): Predecessor count NP (0-16), Successor count NS
 * (0-16), Finger count NF (0-128), Reserved, then NP + NS + NF nested Source Peer Info TLVs (0x03):
 * predecessors nearest first, then successors nearest first, then fingers in ascending distance
 * from the sender. The counts are the list sizes, so they are not components.
 */
public record RoutingTable(
    List<PeerInfo> predecessors, List<PeerInfo> successors, List<PeerInfo> fingers)
    implements Attribute {

  public static final int MAX_PREDECESSORS = 16;
  public static final int MAX_SUCCESSORS = 16;
  public static final int MAX_FINGERS = 128;

  /** Bytes before the entries: the three counts and the Reserved byte. */
  public static final int FIXED_LENGTH = 4;

  public static final RoutingTable EMPTY = new RoutingTable(List.of(), List.of(), List.of());

  public RoutingTable {
    predecessors = List.copyOf(predecessors);
    successors = List.copyOf(successors);
    fingers = List.copyOf(fingers);
    checkCount(predecessors, MAX_PREDECESSORS, "predecessors");
    checkCount(successors, MAX_SUCCESSORS, "successors");
    checkCount(fingers, MAX_FINGERS, "fingers");
    Attribute.checkValueLength(
        FIXED_LENGTH
            + Attribute.encodedLength(predecessors)
            + Attribute.encodedLength(successors)
            + Attribute.encodedLength(fingers),
        "Routing Table");
  }

  /** A table of the two lists only, as a stabilization UPDATE sends it. */
  public static RoutingTable lists(List<PeerInfo> predecessors, List<PeerInfo> successors) {
    return new RoutingTable(predecessors, successors, List.of());
  }

  private static void checkCount(List<PeerInfo> entries, int max, String what) {
    if (entries.size() > max) {
      throw new IllegalArgumentException(
          "a Routing Table has at most " + max + " " + what + ": " + entries.size());
    }
    for (PeerInfo entry : entries) {
      if (!entry.source()) {
        throw new IllegalArgumentException("Routing Table entries are Peer Info TLVs of type 0x03");
      }
    }
  }

  /** Every entry in wire order: predecessors, successors, fingers. */
  public List<PeerInfo> entries() {
    List<PeerInfo> all = new ArrayList<>(predecessors.size() + successors.size() + fingers.size());
    all.addAll(predecessors);
    all.addAll(successors);
    all.addAll(fingers);
    return all;
  }

  @Override
  public int type() {
    return AttributeType.ROUTING_TABLE;
  }

  @Override
  public int valueLength() {
    return FIXED_LENGTH
        + Attribute.encodedLength(predecessors)
        + Attribute.encodedLength(successors)
        + Attribute.encodedLength(fingers);
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(predecessors.size());
    out.writeByte(successors.size());
    out.writeByte(fingers.size());
    out.writeByte(0);
    for (PeerInfo entry : entries()) {
      entry.writeTo(out);
    }
  }
}
