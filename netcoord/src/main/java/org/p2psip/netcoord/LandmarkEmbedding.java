package org.p2psip.netcoord;

import java.util.Random;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.SimpleVectorValueChecker;
import org.apache.commons.math3.util.Pair;

/**
 * Embeds landmarks in an N-dimensional Euclidean space from their mutual RTTs (GNP's first step):
 * minimises the squared relative errors {@code ((|xi - xj| - rtt_ij) / rtt_ij)^2} over all measured
 * pairs with Levenberg-Marquardt (analytic Jacobian), from several random starts scaled to the
 * RTTs, keeping the best.
 */
public final class LandmarkEmbedding {

  private LandmarkEmbedding() {}

  /** Coordinates of the landmarks, {@code [landmark][dimension]}. */
  public static double[][] embed(double[][] rtt, int dimensions, int restarts, Random random) {
    int n = rtt.length;
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (!Double.isNaN(rtt[i][j])) {
          pairs++;
        }
      }
    }
    int[] from = new int[pairs];
    int[] to = new int[pairs];
    double[] target = new double[pairs];
    double scale = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (!Double.isNaN(rtt[i][j])) {
          from[k] = i;
          to[k] = j;
          target[k] = Math.max(rtt[i][j], 0.01);
          scale = Math.max(scale, target[k]);
          k++;
        }
      }
    }
    MultivariateJacobianFunction model = relativeErrors(from, to, target, dimensions);
    double[][] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int attempt = 0; attempt < Math.max(1, restarts); attempt++) {
      double[] start = new double[n * dimensions];
      for (int p = 0; p < start.length; p++) {
        start[p] = (random.nextDouble() - 0.5) * scale;
      }
      LeastSquaresOptimizer.Optimum optimum =
          new LevenbergMarquardtOptimizer()
              .withCostRelativeTolerance(1e-7)
              .withParameterRelativeTolerance(1e-7)
              .optimize(
                  new LeastSquaresBuilder()
                      .model(model)
                      .target(new double[pairs])
                      .start(start)
                      .maxEvaluations(Integer.MAX_VALUE)
                      .maxIterations(Integer.MAX_VALUE)
                      .checkerPair(new SimpleVectorValueChecker(1e-9, 1e-12, 400))
                      .build());
      if (optimum.getCost() < bestCost) {
        bestCost = optimum.getCost();
        best = reshape(optimum.getPoint().toArray(), n, dimensions);
      }
    }
    return best;
  }

  static double[][] reshape(double[] flat, int n, int dimensions) {
    double[][] coordinates = new double[n][dimensions];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * dimensions, coordinates[i], 0, dimensions);
    }
    return coordinates;
  }

  /** Residual k: (|x_from - x_to| - target) / target; target vector is all zeros. */
  private static MultivariateJacobianFunction relativeErrors(
      int[] from, int[] to, double[] target, int dimensions) {
    return point -> {
      double[] x = point.toArray();
      double[] residuals = new double[target.length];
      double[][] jacobian = new double[target.length][x.length];
      for (int k = 0; k < target.length; k++) {
        int a = from[k] * dimensions;
        int b = to[k] * dimensions;
        double sum = 0;
        for (int d = 0; d < dimensions; d++) {
          double diff = x[a + d] - x[b + d];
          sum += diff * diff;
        }
        double distance = Math.sqrt(sum) + 1e-12;
        residuals[k] = (distance - target[k]) / target[k];
        for (int d = 0; d < dimensions; d++) {
          double g = (x[a + d] - x[b + d]) / (distance * target[k]);
          jacobian[k][a + d] = g;
          jacobian[k][b + d] = -g;
        }
      }
      RealVector value = new ArrayRealVector(residuals, false);
      return new Pair<>(value, new Array2DRowRealMatrix(jacobian, false));
    };
  }
}
