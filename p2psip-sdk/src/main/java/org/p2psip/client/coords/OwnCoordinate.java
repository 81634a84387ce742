package org.p2psip.client.coords;

import java.util.Random;
import org.p2psip.netcoord.HostPositioning;
import org.p2psip.protocol.reload.Coordinate;

/**
 * This host's coordinate from its RTTs to the landmarks and the landmarks' published coordinates
 * (DisCo sections 3.7 and 4.2), as the bytes DisCo stores (docs/protocol.md 4.2).
 */
public final class OwnCoordinate {

  private OwnCoordinate() {}

  public static Coordinate compute(double[][] landmarkCoordinates, double[] rttMillis) {
    return Coordinate.of(
        HostPositioning.position(landmarkCoordinates, rttMillis, 3, new Random(1)));
  }
}
