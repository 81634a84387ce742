package org.p2psip.client.coords;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.Coordinate;

class OwnCoordinateTest {

  @Test
  void aHostBetweenLandmarksIsPlacedWhereItsRttsSayAndEncodedAsDiscoBytes() {
    double[][] landmarks = {{0, 0}, {100, 0}, {0, 100}, {100, 100}};
    double[] host = {30, 40};
    double[] rtt = new double[landmarks.length];
    for (int i = 0; i < landmarks.length; i++) {
      rtt[i] = Math.hypot(landmarks[i][0] - host[0], landmarks[i][1] - host[1]);
    }
    Coordinate coordinate = OwnCoordinate.compute(landmarks, rtt);
    assertThat(coordinate.dimensions()).isEqualTo(2);
    assertThat(coordinate.distanceTo(Coordinate.of(host))).isLessThan(0.5);
    assertThat(Coordinate.decode(coordinate.encode())).isEqualTo(coordinate);
  }

  @Test
  void unmeasuredLandmarksAreLeftOut() {
    double[][] landmarks = {{0, 0}, {100, 0}, {0, 100}, {500, 500}};
    double[] rtt = {50, Math.hypot(70, 0) /* placeholder */, Double.NaN, Double.NaN};
    rtt[1] = Math.hypot(100 - 30, 40);
    rtt[0] = Math.hypot(30, 40);
    double[] withThird = {rtt[0], rtt[1], Math.hypot(30, 60), Double.NaN};
    Coordinate coordinate = OwnCoordinate.compute(landmarks, withThird);
    assertThat(coordinate.distanceTo(Coordinate.of(30, 40))).isLessThan(0.5);
  }
}
