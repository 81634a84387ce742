package org.p2psip.netcoord;

/** Euclidean coordinates and the distance between them (predicted RTT, ms). */
public final class Coordinates {

  private Coordinates() {}

  public static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
