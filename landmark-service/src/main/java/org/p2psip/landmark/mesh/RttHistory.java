package org.p2psip.landmark.mesh;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The last few measured RTTs to each other landmark; what is stored is their minimum. Queueing,
 * load and a round's bad luck only ever add delay, so the minimum over a short window follows a
 * real change of path within that window while ignoring spikes. An unanswered round (NaN) counts as
 * no sample; a landmark with no sample in the window has no RTT.
 */
final class RttHistory {

  private final int rounds;
  private final Map<String, ArrayDeque<Double>> samples = new HashMap<>();

  RttHistory(int rounds) {
    this.rounds = Math.max(1, rounds);
  }

  /** Records this round's RTT to {@code landmark}; the minimum of its window, or NaN. */
  synchronized double record(String landmark, double rtt) {
    ArrayDeque<Double> window = samples.computeIfAbsent(landmark, id -> new ArrayDeque<>());
    window.addLast(rtt);
    while (window.size() > rounds) {
      window.removeFirst();
    }
    double minimum = Double.NaN;
    for (double sample : window) {
      if (!Double.isNaN(sample) && (Double.isNaN(minimum) || sample < minimum)) {
        minimum = sample;
      }
    }
    return minimum;
  }

  /** Forgets landmarks no longer in the set. */
  synchronized void retain(Collection<String> landmarks) {
    samples.keySet().retainAll(landmarks);
  }
}
