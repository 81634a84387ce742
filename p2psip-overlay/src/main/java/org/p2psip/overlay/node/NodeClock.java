package org.p2psip.overlay.node;

/**
 * Time for one node: the wall clock (ms since the Unix epoch, for Storage Times and deadlines) and
 * timers. The host peer backs it with a single-threaded Reactor scheduler, the simulation with a
 * virtual clock; tasks always run on the node's executor.
 */
public interface NodeClock {

  long nowMillis();

  /** Runs {@code task} after {@code delayMillis} unless cancelled first. */
  Cancellable schedule(long delayMillis, Runnable task);

  /** A scheduled task that may still be called off. */
  @FunctionalInterface
  interface Cancellable {
    Cancellable NONE = () -> {};

    void cancel();
  }
}
