package org.p2psip.netcoord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a matrix of true Euclidean distances the embedding recovers them (near-zero error). */
class EmbeddingTest {

  static double[][] points(int n, int dimensions, long seed) {
    Random random = new Random(seed);
    double[][] points = new double[n][dimensions];
    for (double[] point : points) {
      for (int d = 0; d < dimensions; d++) {
        point[d] = random.nextDouble() * 200;
      }
    }
    return points;
  }

  static double[][] distances(double[][] points) {
    int n = points.length;
    double[][] rtt = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rtt[i][j] = Coordinates.distance(points[i], points[j]);
      }
    }
    return rtt;
  }

  @Test
  void landmarksAndHostsOfAEuclideanSpaceAreRecovered() {
    double[][] truth = points(40, 3, 11);
    double[][] all = distances(truth);
    int landmarks = 10;
    double[][] landmarkRtt = new double[landmarks][landmarks];
    for (int i = 0; i < landmarks; i++) {
      System.arraycopy(all[i], 0, landmarkRtt[i], 0, landmarks);
    }
    Random random = new Random(5);
    double[][] embedded = LandmarkEmbedding.embed(landmarkRtt, 3, 4, random);
    for (int i = 0; i < landmarks; i++) {
      for (int j = i + 1; j < landmarks; j++) {
        assertThat(Coordinates.distance(embedded[i], embedded[j]))
            .isCloseTo(all[i][j], Offset.offset(all[i][j] * 1e-3 + 1e-3));
      }
    }
    double[][] hosts = new double[truth.length - landmarks][];
    for (int h = landmarks; h < truth.length; h++) {
      double[] toLandmarks = new double[landmarks];
      System.arraycopy(all[h], 0, toLandmarks, 0, landmarks);
      hosts[h - landmarks] = HostPositioning.position(embedded, toLandmarks, 3, random);
    }
    for (int a = 0; a < hosts.length; a++) {
      for (int b = a + 1; b < hosts.length; b++) {
        double actual = all[a + landmarks][b + landmarks];
        assertThat(Math.abs(Coordinates.distance(hosts[a], hosts[b]) - actual) / actual)
            .isLessThan(0.01);
      }
    }
  }

  @Test
  void evaluationOnAEuclideanMatrixIsNearlyPerfect(@TempDir Path dir) throws Exception {
    double[][] rtt = distances(points(60, 4, 3));
    StringBuilder text = new StringBuilder();
    for (double[] row : rtt) {
      for (int j = 0; j < row.length; j++) {
        text.append(j == 0 ? "" : "\t").append(row[j]);
      }
      text.append('\n');
    }
    Path file = dir.resolve("euclid.tsv");
    Files.writeString(file, text);
    Evaluation.Result result = Evaluation.run(RttMatrix.read(file), 12, 4, 1, 500, Evaluation.OURS);
    assertThat(result.medianRelativeError()).isLessThan(0.01);
    assertThat(result.closestK5Probe3()).isGreaterThan(0.99);
    assertThat(result.meanExtraRttMsK10()).isLessThan(1.0);
  }

  @Test
  void offDiagonalZerosAreMissing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.txt");
    Files.writeString(file, "0 10 0\n10 0 5\n0 5 0\n");
    RttMatrix matrix = RttMatrix.read(file);
    assertThat(matrix.size()).isEqualTo(3);
    assertThat(matrix.measured(0, 1)).isTrue();
    assertThat(matrix.measured(0, 2)).isFalse();
    assertThat(matrix.measured(1, 1)).isFalse();
    assertThat(Evaluation.rtt(matrix, 1, 2)).isEqualTo(5.0);
  }
}
