package org.p2psip.client.coords;

import java.util.Arrays;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.reload.Coordinate;
import reactor.core.publisher.Mono;

/**
 * This host's place among the landmarks (DisCo section 3.7): probe every landmark, then compute the
 * own coordinate against their published ones.
 *
 * @param landmarks the set measured against (its version goes with the coordinate)
 * @param rttMillis the measured RTT to each landmark, in the set's order; NaN where none answered
 * @param coordinate the own coordinate (docs/protocol.md 4.2)
 */
public record CoordinateMeasurement(
    LandmarkSet landmarks, double[] rttMillis, Coordinate coordinate) {

  /** At least this many landmarks must answer: fewer cannot place a point in the space. */
  public static int minimumAnswering(LandmarkSet set) {
    return Math.min(set.landmarks().size(), set.dimensions() + 1);
  }

  public static Mono<CoordinateMeasurement> measure(LandmarkSet set, RttProber prober) {
    return prober
        .measure(set.addresses())
        .map(
            rtts -> {
              long answered = Arrays.stream(rtts).filter(r -> !Double.isNaN(r)).count();
              if (answered < minimumAnswering(set)) {
                throw new IllegalStateException(
                    answered
                        + " of "
                        + rtts.length
                        + " landmarks answered probes; at least "
                        + minimumAnswering(set)
                        + " are needed for a "
                        + set.dimensions()
                        + "-dimensional coordinate");
              }
              return new CoordinateMeasurement(
                  set, rtts, OwnCoordinate.compute(set.coordinates(), rtts));
            });
  }
}
