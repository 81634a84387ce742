package org.p2psip.landmark.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.p2psip.netcoord.Coordinates;

class EmbeddingInputTest {

  static final Landmark A = new Landmark("a", "10.0.0.1", 6090);
  static final Landmark B = new Landmark("b", "10.0.0.2", 6090);
  static final Landmark C = new Landmark("c", "10.0.0.3", 6090);
  static final Landmark SILENT = new Landmark("silent", "10.0.0.4", 6090);

  static final Map<String, Map<String, Double>> VECTORS =
      Map.of(
          "a", Map.of("b", 10.0, "c", 30.0),
          "b", Map.of("a", 14.0),
          "c", Map.of("a", 30.0, "b", 24.0));

  @Test
  void pairsAverageBothDirectionsOrUseTheOneMeasuredAndUnplaceableLandmarksAreLeftOut() {
    EmbeddingInput input = EmbeddingInput.of(List.of(A, B, C, SILENT), VECTORS);
    assertThat(input.landmarks()).containsExactly(A, B, C);
    assertThat(input.rttMillis()[0][1]).isEqualTo(12.0);
    assertThat(input.rttMillis()[1][0]).isEqualTo(12.0);
    assertThat(input.rttMillis()[1][2]).isEqualTo(24.0);
    assertThat(input.rttMillis()[2][1]).isEqualTo(24.0);
    assertThat(input.embeddable()).isTrue();
    assertThat(EmbeddingInput.of(List.of(A, SILENT), Map.of()).embeddable()).isFalse();
  }

  @Test
  void theComputedEmbeddingReproducesTheRttsInAtMostLandmarksMinusOneDimensions() {
    EmbeddingInput input = EmbeddingInput.of(List.of(A, B, C), VECTORS);
    PublishedEmbedding embedding =
        EmbeddingComputation.compute(input, 7, 8, "a", Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(embedding.dimensions()).isEqualTo(2);
    assertThat(embedding.fitMedianRelativeError()).isLessThan(0.01);
    double[][] at =
        embedding.landmarks().stream()
            .map(PublishedEmbedding.Placed::coordinate)
            .toArray(double[][]::new);
    assertThat(Coordinates.distance(at[0], at[2])).isCloseTo(30.0, Offset.offset(0.3));
    assertThat(embedding.rttMillis().get(1).get(2)).isEqualTo(24.0);
    // the same input gives the same coordinates, whoever computes it
    assertThat(
            EmbeddingComputation.compute(input, 7, 8, "b", Instant.now())
                .landmarks()
                .get(0)
                .coordinate())
        .containsExactly(at[0]);
  }

  @Test
  void onlyAChangedSetOrAnRttMovedBeyondTheThresholdCountsAsChanged() {
    EmbeddingInput input = EmbeddingInput.of(List.of(A, B, C), VECTORS);
    PublishedEmbedding published = EmbeddingComputation.compute(input, 7, 2, "a", Instant.now());
    assertThat(input.differsFrom(published, 0.2)).isFalse();

    Map<String, Map<String, Double>> wobble =
        Map.of(
            "a", Map.of("b", 11.0, "c", 33.0),
            "b", Map.of("a", 14.0),
            "c", Map.of("a", 31.0, "b", 25.0));
    assertThat(EmbeddingInput.of(List.of(A, B, C), wobble).differsFrom(published, 0.2)).isFalse();

    Map<String, Map<String, Double>> moved =
        Map.of(
            "a", Map.of("b", 10.0, "c", 45.0),
            "b", Map.of("a", 14.0),
            "c", Map.of("a", 45.0, "b", 24.0));
    assertThat(EmbeddingInput.of(List.of(A, B, C), moved).differsFrom(published, 0.2)).isTrue();

    assertThat(EmbeddingInput.of(List.of(A, B), VECTORS).differsFrom(published, 0.2)).isTrue();
    Landmark movedC = new Landmark("c", "10.0.0.9", 6090);
    assertThat(EmbeddingInput.of(List.of(A, B, movedC), VECTORS).differsFrom(published, 0.2))
        .isTrue();
  }
}
