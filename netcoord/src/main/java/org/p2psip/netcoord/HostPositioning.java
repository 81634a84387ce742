package org.p2psip.netcoord;

import java.util.Random;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.optim.SimpleVectorValueChecker;
import org.apache.commons.math3.util.Pair;

/**
 * A host's coordinate from its RTTs to the landmarks (GNP's second step): minimises the squared
 * relative errors to the measured landmarks with Levenberg-Marquardt, starting from the nearest
 * landmark and from random points around it, keeping the best. Landmarks not measured (NaN) are
 * left out.
 */
public final class HostPositioning {

  private HostPositioning() {}

  public static double[] position(double[][] landmarks, double[] rtt, int restarts, Random random) {
    int dimensions = landmarks[0].length;
    int measured = 0;
    int nearest = -1;
    for (int i = 0; i < rtt.length; i++) {
      if (!Double.isNaN(rtt[i])) {
        measured++;
        if (nearest < 0 || rtt[i] < rtt[nearest]) {
          nearest = i;
        }
      }
    }
    if (measured == 0) {
      throw new IllegalArgumentException("no landmark measured");
    }
    int[] index = new int[measured];
    double[] target = new double[measured];
    int k = 0;
    for (int i = 0; i < rtt.length; i++) {
      if (!Double.isNaN(rtt[i])) {
        index[k] = i;
        target[k] = Math.max(rtt[i], 0.01);
        k++;
      }
    }
    double[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int attempt = 0; attempt <= Math.max(0, restarts); attempt++) {
      double[] start = landmarks[nearest].clone();
      if (attempt > 0) {
        for (int d = 0; d < dimensions; d++) {
          start[d] += (random.nextDouble() - 0.5) * 2 * target[0];
        }
      } else {
        start[0] += rtt[nearest] / 2 + 0.01;
      }
      LeastSquaresOptimizer.Optimum optimum =
          new LevenbergMarquardtOptimizer()
              .withCostRelativeTolerance(1e-7)
              .withParameterRelativeTolerance(1e-7)
              .optimize(
                  new LeastSquaresBuilder()
                      .model(
                          point -> {
                            double[] x = point.toArray();
                            double[] residuals = new double[target.length];
                            double[][] jacobian = new double[target.length][dimensions];
                            for (int m = 0; m < target.length; m++) {
                              double[] l = landmarks[index[m]];
                              double distance = Coordinates.distance(x, l) + 1e-12;
                              residuals[m] = (distance - target[m]) / target[m];
                              for (int d = 0; d < dimensions; d++) {
                                jacobian[m][d] = (x[d] - l[d]) / (distance * target[m]);
                              }
                            }
                            return new Pair<>(
                                new ArrayRealVector(residuals, false),
                                new Array2DRowRealMatrix(jacobian, false));
                          })
                      .target(new double[target.length])
                      .start(start)
                      .maxEvaluations(Integer.MAX_VALUE)
                      .maxIterations(Integer.MAX_VALUE)
                      .checkerPair(new SimpleVectorValueChecker(1e-9, 1e-12, 200))
                      .build());
      if (optimum.getCost() < bestCost) {
        bestCost = optimum.getCost();
        best = optimum.getPoint().toArray();
      }
    }
    return best;
  }
}
