package org.p2psip.overlay.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.Ring;
import org.p2psip.protocol.value.UInt128;

/**
 * What a peer n knows of the ring (docs/peer-protocol.md 3.2): its successor and predecessor lists,
 * nearest first, and its fingers. Only peers n has handshaken with belong here; the peer's own code
 * checks that before it merges or sets a finger. Not thread-safe: one peer's event loop owns it.
 */
public final class RoutingState {

  /** Finger indexes 0..127: finger i is Responsible(n + 2^i). */
  public static final int FINGERS = 128;

  private final Id128 self;
  private final int listSize;
  private List<Id128> successors = List.of();
  private List<Id128> predecessors = List.of();
  private final @Nullable Id128[] fingers = new Id128[FINGERS];

  /** {@link #knownPeers()}, computed again after a change; routing reads it at every hop. */
  private @Nullable Set<Id128> knownPeers;

  /**
   * @param self this peer's Node-ID
   * @param listSize S, the length of each list (at least the replication factor R)
   */
  public RoutingState(Id128 self, int listSize) {
    if (listSize < 1 || listSize > 16) {
      throw new IllegalArgumentException("the list size must be 1..16, not " + listSize);
    }
    this.self = self;
    this.listSize = listSize;
  }

  public Id128 self() {
    return self;
  }

  public int listSize() {
    return listSize;
  }

  /** s1..sS, nearest first. */
  public List<Id128> successors() {
    return successors;
  }

  /** p1..pS, nearest first. */
  public List<Id128> predecessors() {
    return predecessors;
  }

  /** No other peer known: responsible for every key. */
  public boolean isAlone() {
    return successors.isEmpty() && predecessors.isEmpty();
  }

  public @Nullable Id128 firstSuccessor() {
    return successors.isEmpty() ? null : successors.get(0);
  }

  public @Nullable Id128 firstPredecessor() {
    return predecessors.isEmpty() ? null : predecessors.get(0);
  }

  /** (p1, n]: the keys this peer answers for. */
  public Range responsibility() {
    return rangeBack(1);
  }

  /** (pR, n]: the keys this peer holds a copy of with replication factor R. */
  public Range replicaRange(int replicationFactor) {
    return rangeBack(replicationFactor);
  }

  /** (pS, n]: the keys this peer accepts transfers for. */
  public Range acceptedRange() {
    return rangeBack(listSize);
  }

  /** (p_k, n], the whole ring when fewer than k predecessors are known. */
  private Range rangeBack(int k) {
    return predecessors.size() < k
        ? Range.wholeRing(self)
        : new Range(predecessors.get(k - 1), self);
  }

  /**
   * The replica set of the keys this peer is responsible for: itself and its first R - 1 successors
   * (fewer in a small ring).
   */
  public List<Id128> replicaSet(int replicationFactor) {
    List<Id128> set = new ArrayList<>(replicationFactor);
    set.add(self);
    successors.stream().limit(replicationFactor - 1L).forEach(set::add);
    return set;
  }

  /** Every distinct peer of both lists and the fingers: the candidates of next-hop rule 4. */
  public Set<Id128> knownPeers() {
    Set<Id128> cached = knownPeers;
    if (cached != null) {
      return cached;
    }
    Set<Id128> known = new LinkedHashSet<>(successors);
    known.addAll(predecessors);
    for (Id128 finger : fingers) {
      if (finger != null) {
        known.add(finger);
      }
    }
    knownPeers = Collections.unmodifiableSet(known);
    return knownPeers;
  }

  /** True if {@code peer} is in either list (a ring neighbour, as TRANSFER senders must be). */
  public boolean isNeighbour(Id128 peer) {
    return successors.contains(peer) || predecessors.contains(peer);
  }

  public boolean knows(Id128 peer) {
    return knownPeers().contains(peer);
  }

  /**
   * Merges candidates into the lists (4.4): each list becomes the S peers nearest to n in its
   * direction among its current entries and the candidates. Candidates must be live, handshaken
   * peers; n itself is ignored.
   *
   * @return what changed, so the caller can start repair when p1 or s1..s(R-1) moved
   */
  public Change merge(Collection<Id128> candidates) {
    Set<Id128> pool = new LinkedHashSet<>(successors);
    pool.addAll(predecessors);
    pool.addAll(candidates);
    pool.remove(self);
    return replaceLists(
        nearest(pool, Comparator.comparing(peer -> Ring.distance(self, peer))),
        nearest(pool, Comparator.comparing(peer -> Ring.distance(peer, self))));
  }

  /**
   * Forgets a dead or departed peer everywhere (4.5, 4.7). The lists only close up; the UPDATE the
   * peer then sends its new s1 and p1 refills them from the ring.
   */
  public Change remove(Id128 peer) {
    for (int i = 0; i < FINGERS; i++) {
      if (peer.equals(fingers[i])) {
        fingers[i] = null;
      }
    }
    knownPeers = null;
    List<Id128> newSuccessors = new ArrayList<>(successors);
    List<Id128> newPredecessors = new ArrayList<>(predecessors);
    newSuccessors.remove(peer);
    newPredecessors.remove(peer);
    return replaceLists(newSuccessors, newPredecessors);
  }

  private List<Id128> nearest(Set<Id128> pool, Comparator<Id128> order) {
    return pool.stream().sorted(order).limit(listSize).toList();
  }

  private Change replaceLists(List<Id128> newSuccessors, List<Id128> newPredecessors) {
    Change change =
        new Change(
            !Objects.equals(firstPredecessor(), first(newPredecessors)),
            !Objects.equals(firstSuccessor(), first(newSuccessors)),
            !successors.equals(newSuccessors) || !predecessors.equals(newPredecessors));
    successors = List.copyOf(newSuccessors);
    predecessors = List.copyOf(newPredecessors);
    knownPeers = null;
    return change;
  }

  private static @Nullable Id128 first(List<Id128> list) {
    return list.isEmpty() ? null : list.get(0);
  }

  public @Nullable Id128 finger(int index) {
    return fingers[index];
  }

  /**
   * Records that {@code peer} answered a SearchPeer for finger {@code index}'s target (4.6): it is
   * that finger, and also every finger whose target lies between that target and the peer, since no
   * peer lies between them.
   */
  public void setFinger(int index, Id128 peer) {
    if (peer.equals(self)) {
      fingers[index] = null; // n is responsible for its own finger target: no finger needed
      knownPeers = null;
      return;
    }
    fingers[index] = peer;
    // Finger j's target lies d(n, t_j) = 2^j past n, so the targets in (t_i, q] are those of the
    // indexes j > i with 2^j <= d(n, q).
    UInt128 reach = Ring.distance(self, peer);
    for (int j = index + 1; j < FINGERS && UInt128.powerOfTwo(j).compareTo(reach) <= 0; j++) {
      fingers[j] = peer;
    }
    knownPeers = null;
  }

  /**
   * Sets finger {@code index} alone: when its target falls in (n, s1], so s1 is the finger without
   * a SearchPeer (4.6), or when the whole table is known, as in the simulation.
   */
  public void putFinger(int index, Id128 peer) {
    fingers[index] = peer.equals(self) ? null : peer;
    knownPeers = null;
  }

  /** Clears finger {@code index} (its target now falls to s1, or its peer is gone). */
  public void clearFinger(int index) {
    fingers[index] = null;
    knownPeers = null;
  }

  /** The distinct peers the fingers name, in ascending distance from n. */
  public List<Id128> distinctFingers() {
    return Arrays.stream(fingers)
        .filter(Objects::nonNull)
        .distinct()
        .sorted(Comparator.comparing(peer -> Ring.distance(self, peer)))
        .toList();
  }

  /**
   * What a change of the lists means for the peer: whether p1 or s1 moved (responsibility and
   * replicas change, repair starts) and whether anything moved at all.
   */
  public record Change(
      boolean firstPredecessorChanged, boolean firstSuccessorChanged, boolean any) {
    public static final Change NONE = new Change(false, false, false);
  }
}
