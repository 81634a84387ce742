package org.p2psip.overlay.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.RangeDigest;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.Ring;
import org.slf4j.event.Level;

/**
 * The sending side of storage (docs/peer-protocol.md 5.2, 5.7, 5.8): replicating each write to the
 * replica set with a write quorum, handing a range to a joiner or (leaving) to s1, and repair by
 * digests, buckets and inventory pages against each member of the replica set. Transfers to one
 * peer are sequential.
 */
final class Replication implements Handover {

  /** Inventory entries per page; each is 78 bytes, well within one message. */
  private static final int PAGE_ENTRIES = 500;

  /**
   * A DIGEST's answer may take this many request timeouts: the replica reads its whole range to
   * compute it, and a range of 100,000 Resource-IDs took longer than one request timeout on the
   * ring benchmark's machine, so every repair of it broke off (docs/peer-protocol.md, decisions).
   * The other TRANSFERs touch one page or batch and keep the request timeout.
   */
  private static final int DIGEST_ANSWER_REQUEST_TIMEOUTS = 6;

  /** Repair waits this long after the clock: writes still in flight are not compared (5.7). */
  private static final long CUTOFF_LAG_MILLIS = 5_000;

  private final NodeContext node;
  private final ReplicaStore store;
  private final StorageLimits limits;
  private @Nullable Admission admission;
  private @Nullable Range admissionRange;
  private final Set<Id128> repairing = new HashSet<>();
  private boolean repairScheduled;
  private @Nullable Range replicaRange;
  private long replicaRangeSince;
  private boolean dropping;

  Replication(NodeContext node, ReplicaStore store, StorageLimits limits) {
    this.node = node;
    this.store = store;
    this.limits = limits;
  }

  /** The replicas a repair round is under way with (5.7), for the operator's view. */
  List<Id128> repairing() {
    return List.copyOf(repairing);
  }

  void start() {
    node.every(limits.repairIntervalMillis(), true, this::repairAll);
  }

  /** The lists changed: repair within 1 s when p1 or s1..s(R-1) moved (4.4, 5.7). */
  void listsChanged() {
    noteReplicaRange();
    if (repairScheduled) {
      return;
    }
    repairScheduled = true;
    node.clock.schedule(
        1_000,
        () -> {
          repairScheduled = false;
          if (node.running()) {
            repairAll();
          }
        });
  }

  /** 5.2 steps 3-4: to the replica set (and a joiner being admitted); W copies confirm. */
  void replicate(StoredVersion version, Consumer<Boolean> confirmed) {
    List<Id128> set = node.routing.replicaSet(node.settings.replicationFactor());
    int needed = Math.min(node.settings.writeQuorum(), set.size());
    int[] copies = {1};
    boolean[] answered = {false};
    Runnable check =
        () -> {
          if (!answered[0] && copies[0] >= needed) {
            answered[0] = true;
            node.events.writeQuorum(true);
            confirmed.accept(true);
          }
        };
    check.run();
    Range range = node.routing.responsibility();
    for (Id128 replica : set.subList(1, set.size())) {
      sendData(
          replica,
          Reason.REPLICATE,
          0,
          range,
          List.of(version),
          true,
          ok -> {
            node.events.replicaAnswered(ok);
            if (ok) {
              copies[0]++;
              check.run();
            }
          });
    }
    Id128 joiner = joinerFor(version);
    if (joiner != null && !set.contains(joiner)) {
      sendData(joiner, Reason.REPLICATE, 0, admissionRange, List.of(version), true, ok -> {});
    }
    node.clock.schedule(
        limits.replicaTimeoutMillis(),
        () -> {
          if (!answered[0]) {
            answered[0] = true;
            node.events.writeQuorum(false);
            confirmed.accept(false);
          }
        });
  }

  void setAdmission(Admission admission) {
    this.admission = admission;
  }

  private boolean isAdmitting(Id128 joiner) {
    Admission current = admission;
    return current != null && joiner.equals(current.joiner()) && node.running();
  }

  private @Nullable Id128 joinerFor(StoredVersion version) {
    Admission current = admission;
    Range range = admissionRange;
    if (current == null || range == null || current.joiner() == null) {
      return null;
    }
    return range.contains(version.key().resourceId()) ? current.joiner() : null;
  }

  /** 4.3 step 4, 5.8: OFFER, then DATA batches in key order, each confirmed before the next. */
  @Override
  public void toJoiner(PeerInfo joiner, Range range, Consumer<Boolean> done) {
    admissionRange = range;
    Consumer<Boolean> finished =
        ok -> {
          admissionRange = null;
          done.accept(ok);
        };
    store.range(
        range,
        storeReply(
            versions -> offer(joiner.peerId(), range, versions, finished),
            () -> finished.accept(false)));
  }

  private void offer(
      Id128 joiner, Range range, List<StoredVersion> versions, Consumer<Boolean> done) {
    long transferId = node.random.nextInt() & 0xFFFF_FFFFL;
    long bytes = 0;
    for (StoredVersion version : versions) {
      bytes += StoredObjects.toAttribute(version, true).encodedLength();
    }
    NegotiationInfo offer =
        new NegotiationInfo(
            Mode.OFFER,
            Reason.JOIN_HANDOVER,
            true,
            transferId,
            range.start(),
            range.end(),
            0,
            versions.size(),
            Math.min(bytes, 0xFFFF_FFFFL),
            null,
            List.of());
    send(
        joiner,
        List.of(offer),
        answer -> {
          int code = code(answer);
          if (code == ResponseCode.OK.code()) {
            sendBatches(
                joiner, Reason.JOIN_HANDOVER, transferId, range, new ArrayDeque<>(versions), done);
          } else if (code == ResponseCode.REJECTED.code()
              && subCode(answer) == PeerSubCodes.REJECTED_BUSY) {
            node.clock.schedule(1_000, () -> offer(joiner, range, versions, done));
          } else if (code == ResponseCode.REJECTED.code()
              && subCode(answer) == PeerSubCodes.REJECTED_NOT_A_NEIGHBOUR
              && isAdmitting(joiner)) {
            // The offer overtook the JOIN answer, which returns through the bootstrap peer: the
            // joiner does not know its admitting peer yet. Offer again shortly; the admission's
            // join timeout bounds this.
            node.clock.schedule(250, () -> offer(joiner, range, versions, done));
          } else {
            done.accept(false);
          }
        });
  }

  /** 4.7 step 2: s1 ends up holding every version of the range, by the repair steps. */
  @Override
  public void toSuccessor(PeerInfo successor, Range range, Consumer<Boolean> done) {
    sync(successor.peerId(), range, Reason.LEAVE_HANDOVER, done);
  }

  /** Since when the replica range is what it is: foreign data waits for it to settle (5.8). */
  private void noteReplicaRange() {
    Range now = node.routing.replicaRange(node.settings.replicationFactor());
    if (!now.equals(replicaRange)) {
      replicaRange = now;
      replicaRangeSince = node.now();
    }
  }

  private void repairAll() {
    if (node.phase != NodePhase.JOINED) {
      return;
    }
    noteReplicaRange();
    dropForeign();
    List<Id128> set = node.routing.replicaSet(node.settings.replicationFactor());
    Range range = node.routing.responsibility();
    for (Id128 replica : set.subList(1, set.size())) {
      if (repairing.add(replica)) {
        sync(
            replica,
            range,
            Reason.REPAIR,
            ok -> {
              repairing.remove(replica);
              node.events.repairFinished(ok);
            });
      }
    }
  }

  /**
   * 5.8: versions outside the replica range are dropped once the range has not changed for the
   * handover grace, and only after they were synchronised (5.7, reason repair) with the peer now
   * responsible for them. That peer must be a neighbour (TRANSFER goes to neighbours only): each
   * arc (a, b] between consecutive peers of the lists outside the replica range belongs to b;
   * versions beyond the lists are kept until the lists reach them.
   */
  private void dropForeign() {
    Range kept = replicaRange;
    if (dropping
        || kept == null
        || kept.isWholeRing()
        || node.now() - replicaRangeSince < limits.handoverGraceMillis()) {
      return;
    }
    List<Range> arcs = foreignArcs(kept);
    if (arcs.isEmpty()) {
      return;
    }
    dropping = true;
    dropArcs(new ArrayDeque<>(arcs), kept);
  }

  /** Arcs (a, b] of consecutive known peers, b responsible, lying outside the replica range. */
  private List<Range> foreignArcs(Range kept) {
    Range foreign = new Range(node.selfId, kept.start());
    List<Range> arcs = new ArrayList<>();
    List<Id128> forward = new ArrayList<>();
    forward.add(node.selfId);
    forward.addAll(node.routing.successors());
    for (int i = 0; i + 1 < forward.size(); i++) {
      arcs.add(new Range(forward.get(i), forward.get(i + 1)));
    }
    List<Id128> backward = node.routing.predecessors();
    for (int i = backward.size() - 1; i > 0; i--) {
      arcs.add(new Range(backward.get(i), backward.get(i - 1)));
    }
    List<Range> outside = new ArrayList<>();
    for (Range arc : arcs) {
      if (!arc.start().equals(arc.end()) && foreign.covers(arc) && !outside.contains(arc)) {
        outside.add(arc);
      }
    }
    return outside;
  }

  private void dropArcs(Deque<Range> arcs, Range kept) {
    Range arc = arcs.poll();
    if (arc == null || !node.running() || !kept.equals(replicaRange)) {
      dropping = false;
      return;
    }
    store.range(
        arc,
        storeReply(
            versions -> {
              if (versions.isEmpty()) {
                dropArcs(arcs, kept);
                return;
              }
              // the same cutoff as the sync's: only versions it compared are dropped
              long cutoff = node.now() - CUTOFF_LAG_MILLIS;
              sync(
                  arc.end(),
                  arc,
                  Reason.REPAIR,
                  synced -> {
                    List<StoredVersion> compared = new ArrayList<>();
                    for (StoredVersion version : versions) {
                      if (version.version().storageTime() <= cutoff) {
                        compared.add(version);
                      }
                    }
                    if (!synced || compared.isEmpty() || !kept.equals(replicaRange)) {
                      dropArcs(arcs, kept);
                      return;
                    }
                    store.drop(
                        compared,
                        storeReply(
                            dropped -> {
                              node.log()
                                  .info(
                                      "peer {}: dropped {} versions of {} held by {}",
                                      node.name,
                                      dropped,
                                      arc,
                                      Ring.shortId(arc.end()));
                              dropArcs(arcs, kept);
                            },
                            () -> dropArcs(arcs, kept)));
                  });
            },
            () -> dropArcs(arcs, kept)));
  }

  /** 5.7: DIGEST; for each differing bucket, INVENTORY pages; apply theirs, push the wanted. */
  void sync(Id128 peer, Range range, Reason reason, Consumer<Boolean> done) {
    long cutoff = node.now() - CUTOFF_LAG_MILLIS;
    long transferId = node.random.nextInt() & 0xFFFF_FFFFL;
    store.range(
        range,
        storeReply(
            mine -> {
              List<StoredVersion> kept = new ArrayList<>();
              for (StoredVersion version : mine) {
                if (version.version().storageTime() <= cutoff) {
                  kept.add(version);
                }
              }
              byte[] digest = RangeDigest.of(range, cutoff, Transfers.entries(kept));
              NegotiationInfo ask =
                  new NegotiationInfo(
                      Mode.DIGEST,
                      reason,
                      true,
                      transferId,
                      range.start(),
                      range.end(),
                      cutoff,
                      RangeDigest.count(range, cutoff, Transfers.entries(kept)),
                      0,
                      Octets.wrap(digest),
                      List.of());
              send(
                  peer,
                  List.of(ask),
                  DIGEST_ANSWER_REQUEST_TIMEOUTS * node.settings.requestTimeoutMillis(),
                  answer -> {
                    NegotiationInfo theirs =
                        answer == null ? null : answer.first(NegotiationInfo.class);
                    if (code(answer) != ResponseCode.OK.code() || theirs == null) {
                      brokeOff(peer, reason, "DIGEST", answer);
                      done.accept(false);
                      return;
                    }
                    if (theirs.bucketDigests().isEmpty()) {
                      done.accept(true); // equal
                      return;
                    }
                    byte[] ours = RangeDigest.bucketDigests(range, cutoff, Transfers.entries(kept));
                    Deque<Integer> differing = new ArrayDeque<>();
                    for (int i = 0; i < RangeDigest.BUCKETS; i++) {
                      byte[] bucket = Arrays.copyOfRange(ours, 32 * i, 32 * i + 32);
                      if (!Octets.wrap(bucket).equals(theirs.bucketDigests().get(i))) {
                        differing.add(i);
                      }
                    }
                    nextBucket(peer, range, reason, transferId, cutoff, kept, differing, done);
                  });
            },
            () -> done.accept(false)));
  }

  private void nextBucket(
      Id128 peer,
      Range range,
      Reason reason,
      long transferId,
      long cutoff,
      List<StoredVersion> mine,
      Deque<Integer> buckets,
      Consumer<Boolean> done) {
    if (buckets.isEmpty()) {
      done.accept(true);
      return;
    }
    int index = buckets.poll();
    Range bucket = RangeDigest.bucket(range, index);
    List<StoredVersion> inBucket = new ArrayList<>();
    for (StoredVersion version : mine) {
      if (RangeDigest.bucketOf(range, version.key().resourceId()) == index) {
        inBucket.add(version);
      }
    }
    // Ascending along the ring from the bucket's start, not by value: pages are the arcs between
    // consecutive page ends, and in a bucket that wraps past zero value order put entries outside
    // their page's arc (the replica answered 401, the round broke off and later buckets were never
    // repaired) or made an arc span nearly the whole ring (ring benchmark, 100,000 records: 4,380
    // records of the wrapping range still without their third copy minutes after the kill).
    inBucket.sort(
        Comparator.comparing(
                (StoredVersion v) -> Ring.distance(bucket.start(), v.key().resourceId()))
            .thenComparing(StoredVersion::key));
    Map<ObjectKey, StoredVersion> byKey = new HashMap<>();
    for (StoredVersion version : inBucket) {
      byKey.put(version.key(), version);
    }
    sendPages(
        peer,
        reason,
        transferId,
        cutoff,
        bucket,
        bucket.start(),
        inBucket,
        0,
        byKey,
        ok -> {
          if (!ok) {
            done.accept(false);
          } else {
            nextBucket(peer, range, reason, transferId, cutoff, mine, buckets, done);
          }
        });
  }

  /** Inventory pages of one bucket from {@code from}; a page ends after a Resource-ID's last. */
  private void sendPages(
      Id128 peer,
      Reason reason,
      long transferId,
      long cutoff,
      Range bucket,
      Id128 pageStart,
      List<StoredVersion> sorted,
      int offset,
      Map<ObjectKey, StoredVersion> mine,
      Consumer<Boolean> done) {
    int end = Math.min(sorted.size(), offset + PAGE_ENTRIES);
    while (end < sorted.size()
        && end > offset
        && sorted.get(end).key().resourceId().equals(sorted.get(end - 1).key().resourceId())) {
      end++;
    }
    boolean last = end >= sorted.size();
    Id128 pageEnd = last ? bucket.end() : sorted.get(end - 1).key().resourceId();
    List<StoredVersion> page = sorted.subList(offset, end);
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(
        new NegotiationInfo(
            Mode.INVENTORY,
            reason,
            last,
            transferId,
            pageStart,
            pageEnd,
            cutoff,
            page.size(),
            0,
            null,
            List.of()));
    for (StoredVersion version : page) {
      attributes.add(StoredObjects.toAttribute(version, false));
    }
    int nextOffset = end;
    send(
        peer,
        attributes,
        answer -> {
          NegotiationInfo theirs = answer == null ? null : answer.first(NegotiationInfo.class);
          if (code(answer) != ResponseCode.OK.code() || theirs == null) {
            brokeOff(peer, reason, "INVENTORY", answer);
            done.accept(false);
            return;
          }
          List<StoredVersion> newer = new ArrayList<>();
          List<StoredVersion> wanted = new ArrayList<>();
          for (StoredObject object : answer.all(StoredObject.class)) {
            StoredVersion version = StoredObjects.fromAttribute(object);
            if (version == null) {
              continue;
            }
            StoredVersion own = mine.get(version.key());
            boolean want =
                own != null
                    && own.version().equals(version.version())
                    && version.content() == null
                    && !version.version().tombstone();
            if (want) {
              wanted.add(own);
            } else if (version.version().tombstone() || version.content() != null) {
              newer.add(version);
            }
          }
          Range pageRange = new Range(pageStart, pageEnd);
          store.apply(
              newer,
              storeReply(
                  applied ->
                      sendBatches(
                          peer,
                          Reason.REPAIR,
                          transferId,
                          pageRange,
                          new ArrayDeque<>(wanted),
                          ok -> {
                            if (!ok) {
                              done.accept(false);
                            } else if (!theirs.last() && applied == 0) {
                              // Their answer did not fit, yet nothing in it was new here: this
                              // round's snapshot of the range is older than what both now hold
                              // (a round begun while the range was being filled), and the same
                              // page would draw the same answer for ever. The next round starts
                              // from a fresh read (found by the ring benchmark: one round
                              // resent one page for minutes).
                              node.log()
                                  .info(
                                      "peer {}: repair with {} broken off: its answers to a page"
                                          + " bring nothing new (a stale round)",
                                      node.name,
                                      Ring.shortId(peer));
                              done.accept(false);
                            } else if (!theirs.last()) {
                              // Their answer did not fit: the same page again (5.7 step 3).
                              sendPages(
                                  peer,
                                  reason,
                                  transferId,
                                  cutoff,
                                  bucket,
                                  pageStart,
                                  sorted,
                                  offset,
                                  mine,
                                  done);
                            } else if (last) {
                              done.accept(true);
                            } else {
                              sendPages(
                                  peer,
                                  reason,
                                  transferId,
                                  cutoff,
                                  bucket,
                                  pageEnd,
                                  sorted,
                                  nextOffset,
                                  mine,
                                  done);
                            }
                          }),
                  () -> done.accept(false)));
        });
  }

  /** DATA batches that fit one message each, L on the last; each confirmed before the next. */
  private void sendBatches(
      Id128 peer,
      Reason reason,
      long transferId,
      Range range,
      Deque<StoredVersion> remaining,
      Consumer<Boolean> done) {
    List<StoredVersion> batch = new ArrayList<>();
    int budget = Transfers.ANSWER_BUDGET;
    while (!remaining.isEmpty()) {
      int size = StoredObjects.toAttribute(remaining.peek(), true).encodedLength();
      if (size > budget && !batch.isEmpty()) {
        break;
      }
      budget -= size;
      batch.add(remaining.poll());
    }
    if (batch.isEmpty() && reason == Reason.REPAIR) {
      done.accept(true);
      return;
    }
    boolean last = remaining.isEmpty();
    long started = node.now();
    // paced (5.7): the next batch leaves no sooner than this one's bytes allow at repair-rate
    long pace = (Transfers.ANSWER_BUDGET - budget) * 1000L / limits.repairBytesPerSecond();
    sendData(
        peer,
        reason,
        transferId,
        range,
        batch,
        last,
        ok -> {
          if (!ok) {
            done.accept(false);
          } else if (last) {
            done.accept(true);
          } else {
            long wait = started + pace - node.now();
            Runnable next = () -> sendBatches(peer, reason, transferId, range, remaining, done);
            if (wait > 0) {
              node.clock.schedule(wait, next);
            } else {
              next.run();
            }
          }
        });
  }

  private void sendData(
      Id128 peer,
      Reason reason,
      long transferId,
      @Nullable Range range,
      List<StoredVersion> versions,
      boolean last,
      Consumer<Boolean> confirmed) {
    if (range == null) {
      confirmed.accept(false);
      return;
    }
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(
        new NegotiationInfo(
            Mode.DATA,
            reason,
            last,
            transferId,
            range.start(),
            range.end(),
            0,
            versions.size(),
            0,
            null,
            List.of()));
    for (StoredVersion version : versions) {
      attributes.add(StoredObjects.toAttribute(version, !version.version().tombstone()));
    }
    node.events.transferSent(
        reason, versions.size(), Header.PEER_HEADER_LENGTH + Attribute.encodedLength(attributes));
    send(
        peer,
        attributes,
        answer -> {
          boolean ok = code(answer) == ResponseCode.OK.code();
          if (!ok) {
            brokeOff(peer, reason, "DATA", answer);
          }
          confirmed.accept(ok);
        });
  }

  /**
   * Why a transfer stopped, for operators: which step, and the answer or its absence. A replicate
   * transfer is one write's copy (a busy replica refusing it, 403/6, is flow control): debug only.
   */
  private void brokeOff(Id128 peer, Reason reason, String step, @Nullable Message answer) {
    node.log()
        .atLevel(reason == Reason.REPLICATE ? Level.DEBUG : Level.INFO)
        .log(
            "peer {}: {} transfer with {} broken off at {}: {}",
            node.name,
            reason.name().toLowerCase(java.util.Locale.ROOT),
            Ring.shortId(peer),
            step,
            answer == null
                ? "no answer in time"
                : "answered " + code(answer) + "/" + subCode(answer));
  }

  /** A TRANSFER to a neighbour; the answer, or null when there was none. */
  private void send(Id128 peer, List<Attribute> attributes, Consumer<@Nullable Message> answer) {
    send(peer, attributes, node.settings.requestTimeoutMillis(), answer);
  }

  private void send(
      Id128 peer,
      List<Attribute> attributes,
      long timeoutMillis,
      Consumer<@Nullable Message> answer) {
    List<Attribute> all = new ArrayList<>(attributes.size() + 1);
    all.add(node.messages.self());
    all.addAll(attributes);
    Message transfer =
        new Message(
            Header.peerRequest(MessageType.TRANSFER, node.random.nextInt(), node.selfId, peer)
                .withTtl(1),
            all);
    node.links.send(
        peer,
        transfer,
        timeoutMillis,
        outcome ->
            answer.accept(
                outcome instanceof PeerLinks.Outcome.Answered answered ? answered.answer() : null));
  }

  private static int code(@Nullable Message answer) {
    return answer == null || answer.response() == null ? -1 : answer.response().code();
  }

  private static int subCode(@Nullable Message answer) {
    Integer sub = answer == null || answer.response() == null ? null : answer.response().subCode();
    return sub == null ? -1 : sub;
  }

  private <T> ReplicaStore.Reply<T> storeReply(Consumer<T> onValue, Runnable onFailure) {
    return ReplicaStore.Reply.of(
        onValue,
        why -> {
          node.log().warn("peer {}: store failure while transferring: {}", node.name, why);
          onFailure.run();
        });
  }
}
