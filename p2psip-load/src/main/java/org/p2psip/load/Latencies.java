package org.p2psip.load;

import java.util.Arrays;

/**
 * Latencies of one connection's requests, in nanoseconds. Appended from that connection's event
 * loop only; merged and sorted once the run is over.
 */
final class Latencies {

  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized long[] snapshot() {
    return Arrays.copyOf(values, size);
  }

  /** Sorted union of several connections' latencies. */
  static long[] merge(Iterable<Latencies> all) {
    int total = 0;
    for (Latencies latencies : all) {
      total += latencies.size;
    }
    long[] merged = new long[total];
    int at = 0;
    for (Latencies latencies : all) {
      long[] part = latencies.snapshot();
      System.arraycopy(part, 0, merged, at, part.length);
      at += part.length;
    }
    Arrays.sort(merged);
    return merged;
  }

  /** The value at quantile {@code q} of sorted latencies, in microseconds. */
  static double quantileMicros(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
