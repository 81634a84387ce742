package org.p2psip.client.coords;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The published landmark coordinates a client computes its own against ({@code GET /v1/landmarks}
 * of any landmark service). Only coordinates computed against the same version are comparable.
 */
public record LandmarkSet(long version, int dimensions, List<Landmark> landmarks) {

  /** One landmark: id, probe address (UDP and TCP), published coordinate. */
  public record Landmark(String id, String host, int port, double[] coordinate) {

    /** Unresolved, so that a name is resolved by the non-blocking resolver when probed. */
    public InetSocketAddress address() {
      return InetSocketAddress.createUnresolved(host, port);
    }
  }

  public List<InetSocketAddress> addresses() {
    return landmarks.stream().map(Landmark::address).toList();
  }

  public double[][] coordinates() {
    return landmarks.stream().map(Landmark::coordinate).toArray(double[][]::new);
  }
}
