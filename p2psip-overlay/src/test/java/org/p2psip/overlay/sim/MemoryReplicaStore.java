package org.p2psip.overlay.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.p2psip.overlay.node.ReplicaStore;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;

/**
 * A simulated peer's store in memory, answering after 1 ms of virtual time as Redis would after a
 * round trip. Only for the simulation: the host peer's store is its own Redis.
 */
final class MemoryReplicaStore implements ReplicaStore {

  private final VirtualTime time;
  final TreeMap<ObjectKey, StoredVersion> objects = new TreeMap<>();

  MemoryReplicaStore(VirtualTime time) {
    this.time = time;
  }

  @Override
  public void versions(Id128 resourceId, Reply<List<StoredVersion>> reply) {
    List<StoredVersion> found = new ArrayList<>();
    for (StoredVersion version : objects.values()) {
      if (version.key().resourceId().equals(resourceId) && version.version().isKeptAt(time.now())) {
        found.add(version);
      }
    }
    time.schedule(1, () -> reply.ok(found));
  }

  @Override
  public void apply(List<StoredVersion> versions, Reply<Integer> reply) {
    int applied = 0;
    for (StoredVersion version : versions) {
      StoredVersion current = objects.get(version.key());
      if (version.version().isNewerThan(current == null ? null : current.version())) {
        objects.put(version.key(), version);
        applied++;
      }
    }
    int count = applied;
    time.schedule(1, () -> reply.ok(count));
  }

  @Override
  public void drop(List<StoredVersion> versions, Reply<Integer> reply) {
    int dropped = 0;
    for (StoredVersion version : versions) {
      if (objects.remove(version.key(), version)) {
        dropped++;
      }
    }
    int count = dropped;
    time.schedule(1, () -> reply.ok(count));
  }

  @Override
  public void range(Range range, Reply<List<StoredVersion>> reply) {
    List<StoredVersion> found = new ArrayList<>();
    for (StoredVersion version : objects.values()) {
      if (range.contains(version.key().resourceId()) && version.version().isKeptAt(time.now())) {
        found.add(version);
      }
    }
    time.schedule(1, () -> reply.ok(found));
  }

  /** A live copy of the object under {@code resourceId} owned by {@code owner}, if held. */
  boolean holdsLive(Id128 resourceId, Id128 owner) {
    for (StoredVersion version : objects.values()) {
      if (version.key().resourceId().equals(resourceId)
          && version.key().owner().equals(owner)
          && version.version().isLiveAt(time.now())) {
        return true;
      }
    }
    return false;
  }
}
