package org.p2psip.netcoord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How well coordinates pick the closest focus, on a real RTT matrix: random landmarks (seeded), the
 * rest are hosts; relative error of predicted RTTs between hosts; and joins, where a random host
 * picks among K random other hosts the one its coordinates say is closest (alone, or after probing
 * the 3 closest by coordinates).
 */
public final class Evaluation {

  /** What one method achieved. */
  public record Result(
      String method,
      double medianRelativeError,
      double p90RelativeError,
      double closestK5,
      double closestK10,
      double closestK20,
      double closestK5Probe3,
      double closestK10Probe3,
      double closestK20Probe3,
      double meanExtraRttMsK10) {}

  /** How a method places landmarks and hosts. */
  public interface Method {
    String name();

    double[][] landmarks(double[][] rtt, int dimensions, Random random);

    double[] host(double[][] landmarks, double[] rtt, Random random);
  }

  public static final Method OURS =
      new Method() {
        public String name() {
          return "lm-restarts";
        }

        public double[][] landmarks(double[][] rtt, int dimensions, Random random) {
          return LandmarkEmbedding.embed(rtt, dimensions, 8, random);
        }

        public double[] host(double[][] landmarks, double[] rtt, Random random) {
          return HostPositioning.position(landmarks, rtt, 3, random);
        }
      };

  public static final Method PLAIN_GNP =
      new Method() {
        public String name() {
          return "plain-gnp";
        }

        public double[][] landmarks(double[][] rtt, int dimensions, Random random) {
          return PlainGnp.embed(rtt, dimensions, random);
        }

        public double[] host(double[][] landmarks, double[] rtt, Random random) {
          return PlainGnp.position(landmarks, rtt, random);
        }
      };

  private Evaluation() {}

  static double rtt(RttMatrix matrix, int i, int j) {
    double a = matrix.get(i, j);
    double b = matrix.get(j, i);
    if (Double.isNaN(a)) {
      return b;
    }
    return Double.isNaN(b) ? a : (a + b) / 2;
  }

  public static Result run(
      RttMatrix matrix, int landmarkCount, int dimensions, long seed, int joins, Method method) {
    int n = matrix.size();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    int[] landmarks =
        order.subList(0, landmarkCount).stream().mapToInt(Integer::intValue).toArray();
    int[] hosts = order.subList(landmarkCount, n).stream().mapToInt(Integer::intValue).toArray();

    double[][] landmarkRtt = new double[landmarkCount][landmarkCount];
    for (int a = 0; a < landmarkCount; a++) {
      for (int b = 0; b < landmarkCount; b++) {
        landmarkRtt[a][b] = a == b ? 0 : rtt(matrix, landmarks[a], landmarks[b]);
      }
    }
    Random random = new Random(seed * 7919 + 1);
    double[][] landmarkCoordinates = method.landmarks(landmarkRtt, dimensions, random);
    double[][] hostCoordinates = new double[hosts.length][];
    for (int h = 0; h < hosts.length; h++) {
      double[] toLandmarks = new double[landmarkCount];
      for (int a = 0; a < landmarkCount; a++) {
        toLandmarks[a] = rtt(matrix, hosts[h], landmarks[a]);
      }
      hostCoordinates[h] = method.host(landmarkCoordinates, toLandmarks, random);
    }

    double[] errors = relativeErrors(matrix, hosts, hostCoordinates);
    Arrays.sort(errors);
    double[] k5 = joins(matrix, hosts, hostCoordinates, 5, joins, seed);
    double[] k10 = joins(matrix, hosts, hostCoordinates, 10, joins, seed);
    double[] k20 = joins(matrix, hosts, hostCoordinates, 20, joins, seed);
    return new Result(
        method.name(),
        quantile(errors, 0.5),
        quantile(errors, 0.9),
        k5[0],
        k10[0],
        k20[0],
        k5[1],
        k10[1],
        k20[1],
        k10[2]);
  }

  private static double[] relativeErrors(RttMatrix matrix, int[] hosts, double[][] coordinates) {
    List<Double> errors = new ArrayList<>();
    for (int a = 0; a < hosts.length; a++) {
      for (int b = a + 1; b < hosts.length; b++) {
        double actual = rtt(matrix, hosts[a], hosts[b]);
        if (!Double.isNaN(actual) && actual > 0) {
          double predicted = Coordinates.distance(coordinates[a], coordinates[b]);
          errors.add(Math.abs(predicted - actual) / actual);
        }
      }
    }
    return errors.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {fraction right by coordinates, fraction right after probing 3, mean extra RTT (ms)}. */
  private static double[] joins(
      RttMatrix matrix, int[] hosts, double[][] coordinates, int k, int trials, long seed) {
    Random random = new Random(seed * 1_000_003L + k);
    int right = 0;
    int rightProbed = 0;
    double extra = 0;
    int done = 0;
    List<Integer> others = new ArrayList<>();
    while (done < trials) {
      int joiner = random.nextInt(hosts.length);
      others.clear();
      for (int h = 0; h < hosts.length; h++) {
        if (h != joiner && !Double.isNaN(rtt(matrix, hosts[joiner], hosts[h]))) {
          others.add(h);
        }
      }
      if (others.size() < k) {
        continue;
      }
      Collections.shuffle(others, random);
      List<Integer> foci = new ArrayList<>(others.subList(0, k));
      int from = joiner;
      List<FocusRanking.Ranked<Integer>> ranked =
          FocusRanking.rank(coordinates[joiner], foci, f -> coordinates[f]);
      double best = Double.POSITIVE_INFINITY;
      for (int f : foci) {
        best = Math.min(best, rtt(matrix, hosts[joiner], hosts[f]));
      }
      double chosen = rtt(matrix, hosts[joiner], hosts[ranked.get(0).candidate()]);
      List<FocusRanking.Ranked<Integer>> shortlist = FocusRanking.shortlist(ranked, 3);
      double[] probes =
          shortlist.stream()
              .mapToDouble(r -> rtt(matrix, hosts[from], hosts[r.candidate()]))
              .toArray();
      double probed =
          rtt(
              matrix,
              hosts[joiner],
              hosts[FocusRanking.confirmByProbe(shortlist, probes).candidate()]);
      right += chosen == best ? 1 : 0;
      rightProbed += probed == best ? 1 : 0;
      extra += chosen - best;
      done++;
    }
    return new double[] {right / (double) trials, rightProbed / (double) trials, extra / trials};
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  }
}
