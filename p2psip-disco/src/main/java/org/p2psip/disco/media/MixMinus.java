package org.p2psip.disco.media;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One tick of a focus's mix, on frames only (no sockets): each participant gets the sum of every
 * participant but itself and of every relay; each relay gets the sum of the participants only. Sums
 * are clipped to 16 bits. A null frame is silence.
 */
public final class MixMinus {

  private MixMinus() {}

  /**
   * The frames to send, participants first (in the order given), then relays.
   *
   * @param participants this tick's frame from each participant (null: silent)
   * @param relays this tick's frame from each peer focus's relay (null: silent)
   */
  public static short[][] mix(
      List<short @Nullable []> participants, List<short @Nullable []> relays) {
    int[] fromParticipants = new int[JitterBuffer.FRAME];
    int[] fromRelays = new int[JitterBuffer.FRAME];
    for (short[] frame : participants) {
      add(fromParticipants, frame);
    }
    for (short[] frame : relays) {
      add(fromRelays, frame);
    }
    short[][] out = new short[participants.size() + relays.size()][];
    for (int i = 0; i < participants.size(); i++) {
      short[] own = participants.get(i);
      short[] frame = new short[JitterBuffer.FRAME];
      for (int s = 0; s < frame.length; s++) {
        frame[s] = clip(fromParticipants[s] + fromRelays[s] - (own == null ? 0 : own[s]));
      }
      out[i] = frame;
    }
    short[] toRelays = new short[JitterBuffer.FRAME];
    for (int s = 0; s < toRelays.length; s++) {
      toRelays[s] = clip(fromParticipants[s]);
    }
    for (int r = 0; r < relays.size(); r++) {
      out[participants.size() + r] = toRelays;
    }
    return out;
  }

  private static void add(int[] sum, short @Nullable [] frame) {
    if (frame == null) {
      return;
    }
    for (int s = 0; s < sum.length; s++) {
      sum[s] += frame[s];
    }
  }

  private static short clip(int sample) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
  }
}
