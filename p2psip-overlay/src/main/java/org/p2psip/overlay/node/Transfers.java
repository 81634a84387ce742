package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.store.DigestEntry;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.RangeDigest;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.Range;

/**
 * The receiving side of TRANSFER (docs/peer-protocol.md 5.5-5.8): OFFER, DATA, DIGEST and INVENTORY
 * pages, each checked against the accepted range and the rules for Stored Objects before anything
 * is applied. Only ring neighbours get here ({@link OverlayNode} answers others 403/9).
 */
final class Transfers {

  /** Room left for Stored Objects in one answer, below the 65,535-byte message limit. */
  static final int ANSWER_BUDGET = 60_000;

  private final NodeContext node;
  private final ReplicaStore store;
  private final StorageLimits limits;

  Transfers(NodeContext node, ReplicaStore store, StorageLimits limits) {
    this.node = node;
    this.store = store;
    this.limits = limits;
  }

  void onTransfer(Id128 from, Message request, Consumer<Message> answer) {
    NegotiationInfo negotiation = request.first(NegotiationInfo.class);
    if (negotiation == null) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    List<StoredObject> objects = request.all(StoredObject.class);
    Range range = new Range(negotiation.rangeStart(), negotiation.rangeEnd());
    if (negotiation.mode() == NegotiationInfo.Mode.OFFER && node.phase == NodePhase.LEAVING) {
      answer.accept(
          node.messages.answer(
              request, ResponseCode.REJECTED, PeerSubCodes.REJECTED_LEAVING, node.listsTable()));
      return;
    }
    if (!node.routing.acceptedRange().covers(range)) {
      answer.accept(
          node.messages.answer(
              request,
              ResponseCode.REJECTED,
              PeerSubCodes.REJECTED_NOT_RESPONSIBLE,
              node.listsTable()));
      return;
    }
    switch (negotiation.mode()) {
      case OFFER, DIGEST -> {
        if (!objects.isEmpty()) {
          answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
        } else if (negotiation.mode() == NegotiationInfo.Mode.OFFER) {
          answer.accept(node.messages.answer(request, ResponseCode.OK));
        } else {
          digest(request, negotiation, range, answer);
        }
      }
      case DATA -> data(request, negotiation, range, objects, answer);
      case INVENTORY -> inventory(request, negotiation, range, objects, answer);
    }
  }

  private void data(
      Message request,
      NegotiationInfo negotiation,
      Range range,
      List<StoredObject> objects,
      Consumer<Message> answer) {
    List<StoredVersion> versions = acceptable(range, objects, true);
    if (versions == null || negotiation.count() != objects.size()) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    store.apply(
        versions,
        reply(request, answer, applied -> node.messages.answer(request, ResponseCode.OK)));
  }

  private void digest(
      Message request, NegotiationInfo theirs, Range range, Consumer<Message> answer) {
    store.range(
        range,
        reply(
            request,
            answer,
            versions -> {
              List<DigestEntry> entries = entries(versions);
              byte[] digest = RangeDigest.of(range, theirs.cutoff(), entries);
              int count = RangeDigest.count(range, theirs.cutoff(), entries);
              List<Octets> buckets = new ArrayList<>();
              Octets theirDigest = theirs.digest();
              if (theirDigest == null || !theirDigest.equals(Octets.wrap(digest))) {
                byte[] all = RangeDigest.bucketDigests(range, theirs.cutoff(), entries);
                for (int i = 0; i < RangeDigest.BUCKETS; i++) {
                  buckets.add(Octets.wrap(Arrays.copyOfRange(all, 32 * i, 32 * i + 32)));
                }
              }
              NegotiationInfo mine =
                  new NegotiationInfo(
                      NegotiationInfo.Mode.DIGEST,
                      theirs.reason(),
                      true,
                      theirs.transferId(),
                      range.start(),
                      range.end(),
                      theirs.cutoff(),
                      count,
                      0,
                      Octets.wrap(digest),
                      buckets);
              return node.messages.answer(request, ResponseCode.OK, mine);
            }));
  }

  /**
   * 5.7 step 3: apply the page's newer tombstones and newer live versions whose content is here;
   * answer with this store's versions the page lacks or has older (content included when live), and
   * want entries for the page's newer versions whose content is missing.
   */
  private void inventory(
      Message request,
      NegotiationInfo page,
      Range range,
      List<StoredObject> objects,
      Consumer<Message> answer) {
    List<StoredVersion> entries = acceptable(range, objects, false);
    if (entries == null || page.count() != objects.size()) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    long cutoff = page.cutoff();
    store.range(
        range,
        reply(
            request,
            answer,
            mine -> {
              Map<ObjectKey, StoredVersion> own = new HashMap<>();
              for (StoredVersion version : mine) {
                if (version.version().storageTime() <= cutoff) {
                  own.put(version.key(), version);
                }
              }
              Map<ObjectKey, StoredVersion> theirs = new HashMap<>();
              List<StoredVersion> toApply = new ArrayList<>();
              List<StoredVersion> wants = new ArrayList<>();
              for (StoredVersion entry : entries) {
                theirs.put(entry.key(), entry);
                StoredVersion current = own.get(entry.key());
                if (!entry.version().isNewerThan(current == null ? null : current.version())) {
                  continue;
                }
                if (entry.version().tombstone()) {
                  toApply.add(entry);
                } else if (current != null && current.content() != null) {
                  toApply.add(
                      new StoredVersion(
                          entry.key(), entry.version(), entry.valueType(), current.content()));
                } else {
                  wants.add(entry);
                }
              }
              List<StoredObject> reply = new ArrayList<>();
              int budget = ANSWER_BUDGET;
              boolean complete = true;
              for (StoredVersion version : mine) {
                if (version.version().storageTime() > cutoff) {
                  continue;
                }
                StoredVersion page1 = theirs.get(version.key());
                if (page1 != null && !version.version().isNewerThan(page1.version())) {
                  continue;
                }
                StoredObject object =
                    StoredObjects.toAttribute(version, !version.version().tombstone());
                if (object.encodedLength() > budget) {
                  complete = false;
                  break;
                }
                budget -= object.encodedLength();
                reply.add(object);
              }
              for (StoredVersion want : wants) {
                StoredObject object = StoredObjects.toAttribute(want, false);
                if (object.encodedLength() > budget) {
                  complete = false;
                  break;
                }
                budget -= object.encodedLength();
                reply.add(object);
              }
              boolean last = complete;
              store.apply(
                  toApply,
                  reply(
                      request,
                      answer,
                      applied -> {
                        List<Attribute> attributes = new ArrayList<>();
                        attributes.add(
                            new NegotiationInfo(
                                NegotiationInfo.Mode.INVENTORY,
                                page.reason(),
                                last,
                                page.transferId(),
                                range.start(),
                                range.end(),
                                cutoff,
                                reply.size(),
                                0,
                                null,
                                List.of()));
                        attributes.addAll(reply);
                        return node.messages.answer(
                            request, ResponseCode.OK, attributes.toArray(Attribute[]::new));
                      }));
              return null;
            }));
  }

  /**
   * The Stored Objects as versions if every one is acceptable (5.5): inside the Range, O and H set,
   * a tombstone without content or (in DATA) a live version with content, a sane Expiry, a Storage
   * Time not beyond the clock skew; otherwise null (401, nothing applied).
   */
  private @Nullable List<StoredVersion> acceptable(
      Range range, List<StoredObject> objects, boolean contentRequired) {
    long now = node.now();
    List<StoredVersion> versions = new ArrayList<>(objects.size());
    for (StoredObject object : objects) {
      StoredVersion version = StoredObjects.fromAttribute(object);
      if (version == null
          || !range.contains(version.key().resourceId())
          || (version.version().tombstone() && version.content() != null)
          || (contentRequired && !version.version().tombstone() && version.content() == null)
          || version.version().expiry()
              > version.version().storageTime() + limits.lifetimes().maximumSeconds() * 1000
          || version.version().storageTime() > now + limits.maxClockSkewMillis()) {
        return null;
      }
      versions.add(version);
    }
    return versions;
  }

  static List<DigestEntry> entries(List<StoredVersion> versions) {
    List<DigestEntry> entries = new ArrayList<>(versions.size());
    for (StoredVersion version : versions) {
      entries.add(version.digestEntry());
    }
    return entries;
  }

  /** A store reply whose value makes the answer (null: the callback answered itself). */
  private <T> ReplicaStore.Reply<T> reply(
      Message request, Consumer<Message> answer, Function<T, @Nullable Message> onValue) {
    return node.storeReply(
        request,
        answer,
        value -> {
          Message made = onValue.apply(value);
          if (made != null) {
            answer.accept(made);
          }
        });
  }
}
