package org.p2psip.netcoord;

import java.util.Random;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * The baseline: GNP as first published (Ng and Zhang, 2002), downhill simplex on the same
 * relative-error objective, one run from a random start, for landmarks and hosts alike.
 */
public final class PlainGnp {

  private PlainGnp() {}

  public static double[][] embed(double[][] rtt, int dimensions, Random random) {
    int n = rtt.length;
    double scale = 0;
    for (double[] row : rtt) {
      for (double value : row) {
        if (!Double.isNaN(value)) {
          scale = Math.max(scale, value);
        }
      }
    }
    double[] start = new double[n * dimensions];
    for (int p = 0; p < start.length; p++) {
      start[p] = (random.nextDouble() - 0.5) * scale;
    }
    MultivariateFunction cost =
        x -> {
          double sum = 0;
          for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
              if (!Double.isNaN(rtt[i][j])) {
                double d = 0;
                for (int k = 0; k < dimensions; k++) {
                  double diff = x[i * dimensions + k] - x[j * dimensions + k];
                  d += diff * diff;
                }
                double e = (Math.sqrt(d) - rtt[i][j]) / Math.max(rtt[i][j], 0.01);
                sum += e * e;
              }
            }
          }
          return sum;
        };
    double[] point = minimise(cost, start, scale / 10, 100_000);
    return LandmarkEmbedding.reshape(point, n, dimensions);
  }

  public static double[] position(double[][] landmarks, double[] rtt, Random random) {
    int dimensions = landmarks[0].length;
    double scale = 0;
    for (double value : rtt) {
      if (!Double.isNaN(value)) {
        scale = Math.max(scale, value);
      }
    }
    double[] start = new double[dimensions];
    for (int d = 0; d < dimensions; d++) {
      start[d] = (random.nextDouble() - 0.5) * scale;
    }
    MultivariateFunction cost =
        x -> {
          double sum = 0;
          for (int i = 0; i < landmarks.length; i++) {
            if (!Double.isNaN(rtt[i])) {
              double e = (Coordinates.distance(x, landmarks[i]) - rtt[i]) / Math.max(rtt[i], 0.01);
              sum += e * e;
            }
          }
          return sum;
        };
    return minimise(cost, start, scale / 10, 10_000);
  }

  private static double[] minimise(
      MultivariateFunction cost, double[] start, double step, int evaluations) {
    // stops at the iteration budget with the best point so far, as a simplex run would
    return new SimplexOptimizer(new SimpleValueChecker(1e-10, 1e-12, evaluations))
        .optimize(
            new MaxEval(Integer.MAX_VALUE),
            new MaxIter(Integer.MAX_VALUE),
            new ObjectiveFunction(cost),
            GoalType.MINIMIZE,
            new InitialGuess(start),
            new NelderMeadSimplex(start.length, Math.max(step, 1e-3)))
        .getPoint();
  }
}
