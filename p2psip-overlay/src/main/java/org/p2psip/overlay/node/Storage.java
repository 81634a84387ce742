package org.p2psip.overlay.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.Range;

/**
 * The requests a node serves from its own store (docs/peer-protocol.md 5.2-5.5): PUT and REMOVE at
 * the responsible peer, confirmed by W copies; GET from the responsible peer or as a replica read;
 * and the TRANSFERs neighbours send ({@link Transfers}).
 */
final class Storage implements LocalService {

  private final NodeContext node;
  private final ReplicaStore store;
  private final StorageLimits limits;
  private final Replication replication;
  private final Transfers transfers;

  Storage(
      NodeContext node,
      ReplicaStore store,
      StorageLimits limits,
      Replication replication,
      Transfers transfers) {
    this.node = node;
    this.store = store;
    this.limits = limits;
    this.replication = replication;
    this.transfers = transfers;
  }

  @Override
  public void handle(@Nullable Id128 from, Message request, Consumer<Message> answer) {
    MessageType type = request.type();
    if (type == MessageType.PUT) {
      put(request, answer);
    } else if (type == MessageType.REMOVE) {
      remove(request, answer);
    } else if (type == MessageType.GET) {
      get(request, answer);
    } else if (type == MessageType.TRANSFER && from != null) {
      transfers.onTransfer(from, request, answer);
    } else if (type == MessageType.LOOKUP_SERVICE_PEER) {
      ServicePeerInfo services = request.first(ServicePeerInfo.class);
      answer.accept(
          services == null
              ? node.messages.answer(request, ResponseCode.BAD_PARAMETERS)
              : node.messages.answer(request, ResponseCode.OK, services));
    } else {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
    }
  }

  /** 5.2: check, build the version, apply it here, replicate, answer after W copies. */
  private void put(Message request, Consumer<Message> answer) {
    ResourceInfo info = request.first(ResourceInfo.class);
    if (info == null || info.owner() == null || info.contentHash() == null) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    Octets content = info.content();
    if (content != null && !ResourceInfo.hashOf(content).equals(info.contentHash())) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    if (content != null && content.length() > limits.maxValueBytes()) {
      answer.accept(
          node.messages.answer(
              request,
              ResponseCode.REQUEST_REJECTED,
              PeerSubCodes.REQUEST_REJECTED_VALUE_TOO_LARGE));
      return;
    }
    ObjectKey key = keyOf(info);
    withCurrent(
        request,
        answer,
        key,
        (versions, current) -> {
          long now = node.now();
          boolean currentLive = current != null && current.version().isLiveAt(now);
          Octets body = content;
          int valueType = info.valueType();
          if (body == null) {
            if (!currentLive || current.content() == null) {
              answer.accept(node.messages.answer(request, ResponseCode.NOT_FOUND));
              return;
            }
            body = current.content();
            valueType = current.valueType();
          } else if (!currentLive && liveCount(versions, now) >= limits.maxObjectsPerResource()) {
            answer.accept(
                node.messages.answer(
                    request,
                    ResponseCode.REQUEST_REJECTED,
                    PeerSubCodes.REQUEST_REJECTED_RESOURCE_FULL));
            return;
          }
          long storageTime =
              Version.nextStorageTime(now, current == null ? null : current.version());
          long lifetime = info.expiration() == null ? 0 : info.expiration();
          Version version =
              new Version(storageTime, false, limits.lifetimes().expiry(storageTime, lifetime));
          applyAndReplicate(request, answer, new StoredVersion(key, version, valueType, body));
        });
  }

  /** 5.3: a tombstone for a live object, replicated like a PUT. */
  private void remove(Message request, Consumer<Message> answer) {
    ResourceInfo info = request.first(ResourceInfo.class);
    if (info == null || info.owner() == null || info.contentHash() == null) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    ObjectKey key = keyOf(info);
    withCurrent(
        request,
        answer,
        key,
        (versions, current) -> {
          long now = node.now();
          if (current == null || !current.version().isLiveAt(now)) {
            answer.accept(node.messages.answer(request, ResponseCode.NOT_FOUND));
            return;
          }
          long storageTime = Version.nextStorageTime(now, current.version());
          long expiry = Math.max(current.version().expiry(), storageTime + 1);
          applyAndReplicate(
              request,
              answer,
              new StoredVersion(
                  key, new Version(storageTime, true, expiry), current.valueType(), null));
        });
  }

  /** The object a PUT or REMOVE names (the caller checked O and H). */
  private static ObjectKey keyOf(ResourceInfo info) {
    Id128 owner = info.owner();
    Octets hash = info.contentHash();
    if (owner == null || hash == null) {
      throw new IllegalArgumentException("a PUT or REMOVE names its object by Owner and Hash");
    }
    return new ObjectKey(info.resourceId(), owner, Id128.wrap(hash.toByteArray()));
  }

  /** Reads the versions under the key's Resource-ID and the key's own; 408/4 on store failure. */
  private void withCurrent(
      Message request,
      Consumer<Message> answer,
      ObjectKey key,
      BiConsumer<List<StoredVersion>, @Nullable StoredVersion> then) {
    store.versions(
        key.resourceId(),
        failing(request, answer, versions -> then.accept(versions, find(versions, key))));
  }

  private void applyAndReplicate(Message request, Consumer<Message> answer, StoredVersion version) {
    store.apply(
        List.of(version),
        failing(
            request,
            answer,
            applied ->
                replication.replicate(
                    version,
                    confirmed ->
                        answer.accept(
                            confirmed
                                ? node.messages.answer(request, ResponseCode.OK)
                                : node.messages.answer(
                                    request,
                                    ResponseCode.REQUEST_FAILED,
                                    PeerSubCodes.FAILED_REPLICATION_INCOMPLETE)))));
  }

  /** 5.4, 3.6: the live versions under the Resource-ID, filtered, newest first if truncated. */
  private void get(Message request, Consumer<Message> answer) {
    ResourceInfo query = request.first(ResourceInfo.class);
    if (query == null) {
      answer.accept(node.messages.answer(request, ResponseCode.BAD_PARAMETERS));
      return;
    }
    Header header = request.header();
    boolean replicaRead = !query.resourceId().equals(header.destinationId());
    if (replicaRead && !node.routing.acceptedRange().contains(query.resourceId())) {
      answer.accept(
          node.messages.answer(
              request,
              ResponseCode.REJECTED,
              PeerSubCodes.REJECTED_NOT_RESPONSIBLE,
              node.listsTable()));
      return;
    }
    store.versions(
        query.resourceId(),
        failing(
            request,
            answer,
            versions -> {
              long now = node.now();
              List<StoredVersion> live = new ArrayList<>();
              for (StoredVersion version : versions) {
                if (version.version().isLiveAt(now)
                    && (query.owner() == null || query.owner().equals(version.key().owner()))
                    && (query.contentHash() == null
                        || query
                            .contentHash()
                            .equals(Octets.wrap(version.key().hash().toByteArray())))) {
                  live.add(version);
                }
              }
              if (live.isEmpty()) {
                answer.accept(node.messages.answer(request, ResponseCode.NOT_FOUND));
                return;
              }
              live.sort(
                  Comparator.comparingLong((StoredVersion v) -> v.version().storageTime())
                      .reversed());
              answer.accept(answerWithin(request, live, now));
            }));
  }

  /** The newest versions that fit one message; 200/1 when some were left out. */
  private Message answerWithin(Message request, List<StoredVersion> newestFirst, long now) {
    List<ResourceInfo> infos = new ArrayList<>();
    int size = node.messages.answer(request, ResponseCode.OK).encodedLength() + 4;
    boolean truncated = false;
    for (StoredVersion version : newestFirst) {
      ResourceInfo info = StoredObjects.toAnswer(version, now);
      if (size + info.encodedLength() > Message.MAX_LENGTH) {
        truncated = true;
        break;
      }
      size += info.encodedLength();
      infos.add(info);
    }
    ResourceInfo[] attributes = infos.toArray(ResourceInfo[]::new);
    return truncated
        ? node.messages.answer(request, ResponseCode.OK, PeerSubCodes.OK_TRUNCATED, attributes)
        : node.messages.answer(request, ResponseCode.OK, attributes);
  }

  private static @Nullable StoredVersion find(List<StoredVersion> versions, ObjectKey key) {
    for (StoredVersion version : versions) {
      if (version.key().equals(key)) {
        return version;
      }
    }
    return null;
  }

  private static int liveCount(List<StoredVersion> versions, long now) {
    int live = 0;
    for (StoredVersion version : versions) {
      if (version.version().isLiveAt(now)) {
        live++;
      }
    }
    return live;
  }

  /** A store reply that answers 408/4 on failure. */
  private <T> ReplicaStore.Reply<T> failing(
      Message request, Consumer<Message> answer, Consumer<T> onValue) {
    return node.storeReply(request, answer, onValue);
  }

  /** The range a replicate transfer names: this node's responsibility. */
  Range replicateRange() {
    return node.routing.responsibility();
  }
}
