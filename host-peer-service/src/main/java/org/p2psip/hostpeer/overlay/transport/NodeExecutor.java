package org.p2psip.hostpeer.overlay.transport;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.p2psip.overlay.node.NodeClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The single thread an {@code OverlayNode} and its transport state live on: the node is not
 * thread-safe, so every call into it and every port callback hops here first. Also the node's
 * clock. Tasks submitted after {@link #close()} are dropped.
 */
public final class NodeExecutor implements NodeClock, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeExecutor.class);

  private final Scheduler scheduler;

  public NodeExecutor(String name) {
    this.scheduler = Schedulers.newSingle(name);
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    try {
      Disposable timer =
          scheduler.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
      return timer::dispose;
    } catch (RejectedExecutionException stopped) {
      return Cancellable.NONE;
    }
  }

  /** Runs {@code task} on the node's thread, after what is queued already. */
  public void execute(Runnable task) {
    try {
      scheduler.schedule(guarded(task));
    } catch (RejectedExecutionException stopped) {
      // the node is shut down; nothing is left to tell
    }
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // one failing task must not take the node's only thread down with it
        log.warn("overlay node task failed", e);
      }
    };
  }

  @Override
  public void close() {
    scheduler.dispose();
  }
}
