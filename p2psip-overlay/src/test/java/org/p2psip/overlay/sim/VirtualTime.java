package org.p2psip.overlay.sim;

import java.util.PriorityQueue;

/**
 * A discrete-event clock: tasks run in time order (ties in scheduling order), and time jumps from
 * one task to the next. Deterministic for a given sequence of schedules.
 */
final class VirtualTime {

  /** Virtual time starts here, so Storage Times look like real epoch milliseconds. */
  static final long EPOCH = 1_800_000_000_000L;

  private record Event(long at, long sequence, Runnable task) {}

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
  private long now = EPOCH;
  private long sequence;
  private long executed;

  long now() {
    return now;
  }

  long executed() {
    return executed;
  }

  void schedule(long delayMillis, Runnable task) {
    queue.add(new Event(now + Math.max(0, delayMillis), sequence++, task));
  }

  /** Runs every task due up to {@code now + millis}, then sets the clock there. */
  void advance(long millis) {
    long until = now + millis;
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Event event = queue.poll();
      now = event.at;
      event.task.run();
      executed++;
    }
    now = until;
  }
}
