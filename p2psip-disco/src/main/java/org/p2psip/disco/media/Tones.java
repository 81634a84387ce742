package org.p2psip.disco.media;

/**
 * Sine tones and how much of one a signal holds (the Goertzel filter: one bin of a DFT), at 8 kHz:
 * what command-line participants send and listen for, and what the audio tests check.
 */
public final class Tones {

  /** G.711's sampling rate. */
  public static final int RATE = 8000;

  private Tones() {}

  /**
   * One 20 ms frame of a sine of {@code hertz} at {@code amplitude}, from sample {@code offset}.
   */
  public static short[] frame(double hertz, int amplitude, long offset) {
    short[] frame = new short[JitterBuffer.FRAME];
    for (int i = 0; i < frame.length; i++) {
      frame[i] =
          (short) Math.round(amplitude * Math.sin(2 * Math.PI * hertz * (offset + i) / RATE));
    }
    return frame;
  }

  /** The amplitude of {@code hertz} in {@code samples}: a sine of amplitude A gives about A. */
  public static double amplitude(short[] samples, double hertz) {
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
