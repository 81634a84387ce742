package org.p2psip.netcoord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The accuracy targets of the landmark issue on the real PlanetLab matrix (15 landmarks, 7
 * dimensions, averaged over seeds 1 to 5). The method is deterministic for a seed, so this is a
 * regression check on accuracy, not a timing test. The matrix is the repository's own copy
 * (data/planetlab-490, MIT licence, attribution in its README).
 */
class PlanetLabTargetsIT {

  static final Path MATRIX = Path.of("..", "data", "planetlab-490", "PlanetLabData_1.tsv");

  @Test
  void averagedOverFiveSeedsTheTargetsAreMet() throws Exception {
    assertThat(MATRIX).as("the repository's PlanetLab matrix").exists();
    RttMatrix matrix = RttMatrix.read(MATRIX);
    List<Evaluation.Result> results = new ArrayList<>();
    for (long seed = 1; seed <= 5; seed++) {
      results.add(Evaluation.run(matrix, 15, 7, seed, 5000, Evaluation.OURS));
    }
    assertThat(average(results, Evaluation.Result::medianRelativeError)).isLessThanOrEqualTo(0.09);
    assertThat(average(results, Evaluation.Result::p90RelativeError)).isLessThanOrEqualTo(0.35);
    assertThat(average(results, Evaluation.Result::closestK5)).isGreaterThanOrEqualTo(0.78);
    assertThat(average(results, Evaluation.Result::closestK5Probe3)).isGreaterThanOrEqualTo(0.97);
    assertThat(average(results, Evaluation.Result::closestK10Probe3)).isGreaterThanOrEqualTo(0.92);
  }

  static double average(
      List<Evaluation.Result> results, ToDoubleFunction<Evaluation.Result> metric) {
    return results.stream().mapToDouble(metric).average().orElseThrow();
  }
}
