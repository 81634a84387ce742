package org.p2psip.landmark.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RttHistoryTest {

  @Test
  void theMinimumOfTheWindowIgnoresSpikesAndFollowsRealChanges() {
    RttHistory history = new RttHistory(3);
    assertThat(history.record("b", 25.0)).as("a slow first round").isEqualTo(25.0);
    assertThat(history.record("b", 8.0)).isEqualTo(8.0);
    assertThat(history.record("b", 30.0)).as("a spike is ignored").isEqualTo(8.0);
    assertThat(history.record("b", Double.NaN))
        .as("an unanswered round is no sample")
        .isEqualTo(8.0);
    assertThat(history.record("b", 20.0))
        .as("the path got longer: seen once 8 leaves the window")
        .isEqualTo(20.0);
    assertThat(history.record("c", Double.NaN)).isNaN();
    history.retain(List.of("c"));
    assertThat(history.record("b", 40.0)).as("forgotten").isEqualTo(40.0);
  }
}
