package org.p2psip.netcoord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Choosing a focus (DisCo sections 4.4 and 8): rank candidates by the distance between their
 * coordinate and the joiner's, then "shortlist then probe": measure the RTT to the best few
 * directly and take the smallest. The evaluation tool scores exactly this code.
 */
public final class FocusRanking {

  /** A candidate and the RTT its coordinate predicts from the joiner (ms). */
  public record Ranked<T>(T candidate, double predictedRtt) {}

  private FocusRanking() {}

  /**
   * Candidates, closest first. One without a usable coordinate (missing, or of another dimension
   * count than the joiner's) ranks last with an infinite predicted RTT rather than being dropped:
   * it may still be the only focus there is. Ties keep the given order.
   */
  public static <T> List<Ranked<T>> rank(
      double[] own, List<T> candidates, Function<? super T, double @Nullable []> coordinate) {
    List<Ranked<T>> ranked = new ArrayList<>(candidates.size());
    for (T candidate : candidates) {
      double[] at = coordinate.apply(candidate);
      double predicted =
          at == null || at.length != own.length
              ? Double.POSITIVE_INFINITY
              : Coordinates.distance(own, at);
      ranked.add(new Ranked<>(candidate, predicted));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::predictedRtt));
    return ranked;
  }

  /** The first {@code size} of a ranking (all of it when shorter). */
  public static <T> List<Ranked<T>> shortlist(List<Ranked<T>> ranked, int size) {
    return ranked.subList(0, Math.min(Math.max(size, 0), ranked.size()));
  }

  /**
   * The shortlisted candidate with the smallest probed RTT ({@code probedRtt[i]} belongs to {@code
   * shortlist.get(i)}, NaN where no probe was answered). When none answered, the first by
   * coordinates: a silent probe port is no reason to refuse a join.
   */
  public static <T> Ranked<T> confirmByProbe(List<Ranked<T>> shortlist, double[] probedRtt) {
    if (shortlist.isEmpty()) {
      throw new IllegalArgumentException("no candidates to choose from");
    }
    if (probedRtt.length != shortlist.size()) {
      throw new IllegalArgumentException(
          "probed " + probedRtt.length + " RTTs for " + shortlist.size() + " candidates");
    }
    int best = -1;
    for (int i = 0; i < probedRtt.length; i++) {
      if (!Double.isNaN(probedRtt[i]) && (best < 0 || probedRtt[i] < probedRtt[best])) {
        best = i;
      }
    }
    return shortlist.get(best < 0 ? 0 : best);
  }
}
