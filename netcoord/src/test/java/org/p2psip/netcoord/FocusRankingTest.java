package org.p2psip.netcoord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FocusRankingTest {

  static final Map<String, double[]> AT =
      Map.of(
          "near", new double[] {1, 0},
          "middle", new double[] {0, 5},
          "far", new double[] {30, 40},
          "other-dimensions", new double[] {1, 1, 1});

  @Test
  void ranksByPredictedRttAndPutsUnusableCoordinatesLast() {
    List<FocusRanking.Ranked<String>> ranked =
        FocusRanking.rank(
            new double[] {0, 0},
            List.of("far", "unknown", "other-dimensions", "middle", "near"),
            AT::get);
    assertThat(ranked)
        .extracting(FocusRanking.Ranked::candidate)
        .containsExactly("near", "middle", "far", "unknown", "other-dimensions");
    assertThat(ranked.get(0).predictedRtt()).isEqualTo(1.0);
    assertThat(ranked.get(2).predictedRtt()).isEqualTo(50.0);
    assertThat(ranked.get(3).predictedRtt()).isInfinite();
  }

  @Test
  void probingTheShortlistPicksTheSmallestMeasuredRtt() {
    List<FocusRanking.Ranked<String>> shortlist =
        FocusRanking.shortlist(
            FocusRanking.rank(new double[] {0, 0}, List.of("near", "middle", "far"), AT::get), 2);
    assertThat(shortlist).hasSize(2);
    assertThat(FocusRanking.confirmByProbe(shortlist, new double[] {9.5, 3.0}).candidate())
        .isEqualTo("middle");
    assertThat(FocusRanking.confirmByProbe(shortlist, new double[] {Double.NaN, 3.0}).candidate())
        .isEqualTo("middle");
    assertThat(FocusRanking.confirmByProbe(shortlist, new double[] {2.0, Double.NaN}).candidate())
        .isEqualTo("near");
  }

  @Test
  void whenNoProbeIsAnsweredTheCoordinatesDecide() {
    List<FocusRanking.Ranked<String>> shortlist =
        FocusRanking.rank(new double[] {0, 0}, List.of("far", "near"), AT::get);
    assertThat(
            FocusRanking.confirmByProbe(shortlist, new double[] {Double.NaN, Double.NaN})
                .candidate())
        .isEqualTo("near");
  }

  @Test
  void refusesAnEmptyShortlistOrMismatchedProbes() {
    assertThatThrownBy(() -> FocusRanking.confirmByProbe(List.of(), new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    List<FocusRanking.Ranked<String>> one =
        FocusRanking.rank(new double[] {0, 0}, List.of("near"), AT::get);
    assertThatThrownBy(() -> FocusRanking.confirmByProbe(one, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FocusRanking.shortlist(one, 3)).hasSize(1);
  }
}
