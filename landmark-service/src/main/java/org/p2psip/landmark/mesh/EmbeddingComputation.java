package org.p2psip.landmark.mesh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.p2psip.netcoord.Coordinates;
import org.p2psip.netcoord.LandmarkEmbedding;

/** Computes the landmark coordinates from an {@link EmbeddingInput} with the netcoord library. */
public final class EmbeddingComputation {

  private EmbeddingComputation() {}

  /**
   * The embedding of {@code input} in {@code min(dimensions, landmarks - 1)} dimensions (n points
   * determine at most n - 1), seeded so that the same input gives the same coordinates whoever
   * computes it. The version is left 0; publication assigns it.
   */
  public static PublishedEmbedding compute(
      EmbeddingInput input, int dimensions, int restarts, String computedBy, Instant now) {
    int n = input.landmarks().size();
    int used = Math.max(1, Math.min(dimensions, n - 1));
    double[][] coordinates =
        LandmarkEmbedding.embed(input.rttMillis(), used, restarts, new Random(n * 31L + used));
    List<PublishedEmbedding.Placed> placed = new ArrayList<>(n);
    List<List<@Nullable Double>> rtts = new ArrayList<>(n);
    List<Double> errors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Landmark landmark = input.landmarks().get(i);
      placed.add(
          new PublishedEmbedding.Placed(
              landmark.id(), landmark.host(), landmark.port(), coordinates[i]));
      List<@Nullable Double> row = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        double rtt = input.rttMillis()[i][j];
        row.add(i == j ? Double.valueOf(0) : Double.isNaN(rtt) ? null : rtt);
        if (j > i && !Double.isNaN(rtt)) {
          errors.add(Math.abs(Coordinates.distance(coordinates[i], coordinates[j]) - rtt) / rtt);
        }
      }
      rtts.add(row);
    }
    double[] sorted = errors.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    double median = sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    return new PublishedEmbedding(
        0, used, now.toString(), computedBy, median, List.copyOf(placed), List.copyOf(rtts));
  }
}
