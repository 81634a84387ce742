package org.p2psip.disco.media;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Evens out one incoming stream for the mixer's 20 ms clock: packets are kept by RTP timestamp and
 * played out one {@link #FRAME}-sample frame per tick, once {@code depth} frames have arrived. A
 * frame that has not arrived in time is silence (and dropped should it come later); a stream that
 * stops plays silence and, once drained, waits to fill up again; a jump in timestamps or a new SSRC
 * (a restarted sender) starts over. Not thread-safe: its owner serialises access.
 */
public final class JitterBuffer {

  /** Samples in one 20 ms frame at 8 kHz. */
  public static final int FRAME = 160;

  /**
   * Frames kept at most; beyond this the sender is far ahead of the clock and is resynchronised.
   */
  static final int CAPACITY = 50;

  private final int depth;
  private final TreeMap<Long, short[]> frames = new TreeMap<>();
  private @Nullable Long ssrc;
  private long base; // the first packet's RTP timestamp: others are unwrapped relative to it
  private long lastUnwrapped;
  private long next; // the unwrapped timestamp of the next frame to play
  private boolean playing;

  /**
   * @param depth frames to hold before playing (1 = 20 ms of delay added)
   */
  public JitterBuffer(int depth) {
    if (depth < 1 || depth > CAPACITY) {
      throw new IllegalArgumentException("depth is 1 to " + CAPACITY + " frames");
    }
    this.depth = depth;
  }

  /** Takes the samples of one packet: {@code timestamp} (RTP, 8 kHz) and its SSRC. */
  public void offer(long ssrc, long timestamp, short[] samples) {
    if (this.ssrc == null || this.ssrc != ssrc) {
      restart(ssrc, timestamp);
    }
    long at = unwrap(timestamp);
    if (playing && at < next) {
      return; // too late: its time has been played as silence
    }
    if (playing && at - next > (long) CAPACITY * FRAME) {
      restart(ssrc, timestamp); // the sender jumped far ahead
      at = unwrap(timestamp);
    }
    for (int start = 0; start < samples.length; start += FRAME) {
      short[] frame = new short[FRAME];
      System.arraycopy(samples, start, frame, 0, Math.min(FRAME, samples.length - start));
      frames.put(at + start, frame);
    }
    while (frames.size() > CAPACITY) {
      frames.pollFirstEntry();
    }
  }

  /** The next frame to play, or null for silence. */
  public short @Nullable [] poll() {
    if (!playing) {
      if (frames.size() < depth) {
        return null;
      }
      playing = true;
      next = frames.firstKey();
    }
    short[] frame = frames.remove(next);
    if (frame == null) {
      // a frame that starts inside this one (a sender with another packet size) plays from there
      Map.Entry<Long, short[]> close = frames.ceilingEntry(next);
      if (close != null && close.getKey() < next + FRAME) {
        frame = frames.remove(close.getKey());
      }
    }
    next += FRAME;
    frames.headMap(next).clear(); // anything still older is too late now
    if (frame == null && frames.isEmpty()) {
      playing = false; // drained: fill up to depth again before playing
    }
    return frame;
  }

  /** Frames waiting to be played. */
  public int buffered() {
    return frames.size();
  }

  private void restart(long ssrc, long timestamp) {
    this.ssrc = ssrc;
    frames.clear();
    base = timestamp;
    lastUnwrapped = 0;
    playing = false;
  }

  /** The timestamp relative to the first, across the 32-bit wrap (RFC 3550 A.1's idea). */
  private long unwrap(long timestamp) {
    long delta = (timestamp - base) & 0xFFFF_FFFFL;
    long candidate = lastUnwrapped + (((delta - lastUnwrapped) << 32) >> 32); // nearest
    lastUnwrapped = candidate;
    return candidate;
  }
}
