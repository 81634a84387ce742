package org.p2psip.hostpeer.overlay.peer;

import java.util.List;
import org.p2psip.hostpeer.overlay.transport.NodeExecutor;
import org.p2psip.overlay.node.ReplicaStore;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;

/**
 * A store whose answers arrive on the node's thread: the Redis store answers on Lettuce's threads,
 * and the overlay node may only be touched on its own ({@link NodeExecutor}).
 */
public final class OnNodeThread implements ReplicaStore {

  private final ReplicaStore store;
  private final NodeExecutor executor;

  public OnNodeThread(ReplicaStore store, NodeExecutor executor) {
    this.store = store;
    this.executor = executor;
  }

  @Override
  public void versions(Id128 resourceId, Reply<List<StoredVersion>> reply) {
    store.versions(resourceId, hop(reply));
  }

  @Override
  public void apply(List<StoredVersion> versions, Reply<Integer> reply) {
    store.apply(versions, hop(reply));
  }

  @Override
  public void range(Range range, Reply<List<StoredVersion>> reply) {
    store.range(range, hop(reply));
  }

  @Override
  public void drop(List<StoredVersion> versions, Reply<Integer> reply) {
    store.drop(versions, hop(reply));
  }

  private <T> Reply<T> hop(Reply<T> reply) {
    return Reply.of(
        value -> executor.execute(() -> reply.ok(value)),
        why -> executor.execute(() -> reply.failed(why)));
  }
}
