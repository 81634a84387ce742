package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** G.711 against values of the recommendation and its round-trip error bounds. */
class G711Test {

  @Test
  void silenceAndTheExtremesHaveTheirWellKnownCodes() {
    assertThat(G711.linearToUlaw(0)).isEqualTo((byte) 0xFF);
    assertThat(G711.ulawToLinear((byte) 0xFF)).isZero();
    assertThat(G711.ulawToLinear((byte) 0x7F)).isZero(); // "negative zero"
    assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
    assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
    assertThat(G711.linearToAlaw(0)).isEqualTo((byte) 0xD5);
    assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
    assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
    assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
  }

  @Test
  void everyCodeDecodesToAValueThatEncodesBackToIt() {
    for (int code = 0; code < 256; code++) {
      short ulaw = G711.ulawToLinear((byte) code);
      if (code != 0x7F) { // mu-law's two zeros encode as one
        assertThat(G711.linearToUlaw(ulaw) & 0xFF).as("mu-law %02x", code).isEqualTo(code);
      }
      short alaw = G711.alawToLinear((byte) code);
      assertThat(G711.linearToAlaw(alaw) & 0xFF).as("A-law %02x", code).isEqualTo(code);
    }
  }

  @Test
  void theRoundTripErrorStaysWithinTheSegmentStep() {
    for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample += 7) {
      int magnitude = Math.abs(sample);
      // the quantisation step doubles with each segment: about 1/16 of the magnitude, plus a floor
      int bound = Math.max(64, magnitude / 12);
      assertThat(Math.abs(G711.ulawToLinear(G711.linearToUlaw(sample)) - sample))
          .as("mu-law %d", sample)
          .isLessThanOrEqualTo(bound);
      assertThat(Math.abs(G711.alawToLinear(G711.linearToAlaw(sample)) - sample))
          .as("A-law %d", sample)
          .isLessThanOrEqualTo(bound);
    }
  }
}
