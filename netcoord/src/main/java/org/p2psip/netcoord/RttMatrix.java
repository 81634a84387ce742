package org.p2psip.netcoord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A square matrix of round-trip times in milliseconds, as measured between hosts: whitespace
 * separated, one row per line; an off-diagonal 0 means "not measured" and reads as NaN.
 */
public final class RttMatrix {

  private final double[][] rtt;

  private RttMatrix(double[][] rtt) {
    this.rtt = rtt;
  }

  public static RttMatrix of(double[][] rtt) {
    int n = rtt.length;
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      if (rtt[i].length != n) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rtt[i].length + " values, not " + n);
      }
      copy[i] = rtt[i].clone();
      for (int j = 0; j < n; j++) {
        if (i != j && (copy[i][j] == 0 || copy[i][j] < 0)) {
          copy[i][j] = Double.NaN;
        }
      }
    }
    return new RttMatrix(copy);
  }

  public static RttMatrix read(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      double[] row = new double[fields.length];
      for (int j = 0; j < fields.length; j++) {
        row[j] = Double.parseDouble(fields[j]);
      }
      rows.add(row);
    }
    return of(rows.toArray(double[][]::new));
  }

  public int size() {
    return rtt.length;
  }

  /** RTT from {@code i} to {@code j}, or NaN when not measured. */
  public double get(int i, int j) {
    return rtt[i][j];
  }

  public boolean measured(int i, int j) {
    return i != j && !Double.isNaN(rtt[i][j]);
  }
}
