package org.p2psip.disco.media;

/** Test tones and how much of one a signal holds (the Goertzel filter: one bin of a DFT). */
final class Tones {

  static final int RATE = 8000;

  private Tones() {}

  /** 20 ms of a sine of {@code hertz} at {@code amplitude}, starting at sample {@code offset}. */
  static short[] frame(double hertz, int amplitude, long offset) {
    short[] frame = new short[JitterBuffer.FRAME];
    for (int i = 0; i < frame.length; i++) {
      frame[i] =
          (short) Math.round(amplitude * Math.sin(2 * Math.PI * hertz * (offset + i) / RATE));
    }
    return frame;
  }

  /** The amplitude of {@code hertz} in {@code samples} (a sine of amplitude A gives about A). */
  static double amplitude(short[] samples, double hertz) {
    double coefficient = 2 * Math.cos(2 * Math.PI * hertz / RATE);
    double previous = 0;
    double beforePrevious = 0;
    for (short sample : samples) {
      double current = sample + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    double power =
        previous * previous
            + beforePrevious * beforePrevious
            - coefficient * previous * beforePrevious;
    return 2 * Math.sqrt(Math.max(0, power)) / samples.length;
  }
}
