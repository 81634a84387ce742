package org.p2psip.landmark.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an embedding is computed from: the live landmarks that can be placed and their symmetric RTT
 * matrix. Each pair's RTT is the mean of the two directions measured (either alone when only one
 * was); a landmark with no measured pair at all cannot be placed and is left out.
 */
public record EmbeddingInput(List<Landmark> landmarks, double[][] rttMillis) {

  /** Below this, a change is jitter even when relatively large (sub-millisecond LAN RTTs). */
  static final double MIN_CHANGE_MS = 0.5;

  /** From the live landmarks and each one's stored RTT vector. */
  public static EmbeddingInput of(List<Landmark> live, Map<String, Map<String, Double>> vectors) {
    List<Landmark> candidates = new ArrayList<>(live);
    while (true) {
      double[][] rtt = matrix(candidates, vectors);
      List<Landmark> placeable = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        boolean measured = false;
        for (int j = 0; j < candidates.size() && !measured; j++) {
          measured = i != j && !Double.isNaN(rtt[i][j]);
        }
        if (measured) {
          placeable.add(candidates.get(i));
        }
      }
      if (placeable.size() == candidates.size()) {
        return new EmbeddingInput(List.copyOf(candidates), rtt);
      }
      candidates = placeable;
    }
  }

  private static double[][] matrix(List<Landmark> order, Map<String, Map<String, Double>> vectors) {
    int n = order.size();
    double[][] rtt = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double there = measured(vectors, order.get(i).id(), order.get(j).id());
        double back = measured(vectors, order.get(j).id(), order.get(i).id());
        rtt[i][j] = Double.isNaN(there) ? back : Double.isNaN(back) ? there : (there + back) / 2;
      }
    }
    return rtt;
  }

  private static double measured(Map<String, Map<String, Double>> vectors, String from, String to) {
    Map<String, Double> vector = vectors.get(from);
    Double rtt = vector == null ? null : vector.get(to);
    return rtt == null || !(rtt > 0) ? Double.NaN : rtt;
  }

  /** Enough to embed: at least two landmarks. */
  public boolean embeddable() {
    return landmarks.size() >= 2;
  }

  /**
   * True when this input differs from the one {@code published} was computed from: another set of
   * landmarks (or addresses), a pair measured now and not then or the reverse, or any RTT that
   * moved by more than {@code threshold} relative to the published one (and by more than {@link
   * #MIN_CHANGE_MS}).
   */
  public boolean differsFrom(PublishedEmbedding published, double threshold) {
    if (published.landmarks().size() != landmarks.size()) {
      return true;
    }
    for (int i = 0; i < landmarks.size(); i++) {
      PublishedEmbedding.Placed placed = published.landmarks().get(i);
      Landmark landmark = landmarks.get(i);
      if (!placed.id().equals(landmark.id())
          || !placed.host().equals(landmark.host())
          || placed.port() != landmark.port()) {
        return true;
      }
    }
    for (int i = 0; i < landmarks.size(); i++) {
      for (int j = 0; j < landmarks.size(); j++) {
        Double before = published.rttMillis().get(i).get(j);
        double now = rttMillis[i][j];
        if (i == j) {
          continue;
        }
        if (before == null || Double.isNaN(now)) {
          if ((before == null) != Double.isNaN(now)) {
            return true;
          }
          continue;
        }
        if (Math.abs(now - before) > Math.max(threshold * before, MIN_CHANGE_MS)) {
          return true;
        }
      }
    }
    return false;
  }
}
