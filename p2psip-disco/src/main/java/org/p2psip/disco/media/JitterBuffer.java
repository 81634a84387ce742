package org.p2psip.disco.media;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Evens out one incoming stream for the mixer's 20 ms clock: packets are kept by RTP timestamp (in
 * samples, so any packet time works: SIPp's recording has 30 ms packets) and played out one {@link
 * #FRAME}-sample frame per tick, assembled from whatever packets cover it, once {@code depth}
 * frames' worth has arrived. Samples that have not arrived in time are silence (and dropped should
 * they come later); a stream that stops plays silence and, once drained, waits to fill up again; a
 * jump in timestamps or a new SSRC (a restarted sender) starts over. Not thread-safe: its owner
 * serialises access.
 */
public final class JitterBuffer {

  /** Samples in one 20 ms frame at 8 kHz. */
  public static final int FRAME = 160;

  /**
   * Packets kept at most; beyond this the sender is far ahead of the clock and is resynchronised.
   */
  static final int CAPACITY = 50;

  private final int depth;
  private final TreeMap<Long, short[]> packets = new TreeMap<>(); // by first sample's timestamp
  private @Nullable Long ssrc;
  private long base; // the first packet's RTP timestamp: others are unwrapped relative to it
  private long lastUnwrapped;
  private long next; // the unwrapped timestamp of the next sample to play
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
    if (samples.length == 0) {
      return;
    }
    if (this.ssrc == null || this.ssrc != ssrc) {
      restart(ssrc, timestamp);
    }
    long at = unwrap(timestamp);
    if (playing && at + samples.length <= next) {
      return; // too late: its time has been played as silence
    }
    if (playing && at - next > (long) CAPACITY * FRAME) {
      restart(ssrc, timestamp); // the sender jumped far ahead
      at = unwrap(timestamp);
    }
    packets.put(at, samples.clone());
    while (packets.size() > CAPACITY) {
      packets.pollFirstEntry();
    }
  }

  /** The next frame to play, or null for silence. */
  public short @Nullable [] poll() {
    if (!playing) {
      if (bufferedSamples() < (long) depth * FRAME) {
        return null;
      }
      playing = true;
      next = packets.firstKey();
    }
    if (bufferedSamples() > 2L * depth * FRAME) {
      // a burst that came at once (a sender or a network that stalled) would add its length to
      // every later frame's delay: what is beyond the depth is dropped, the stream catches up
      long latest = packets.lastKey() + packets.lastEntry().getValue().length;
      next = Math.max(next, latest - (long) depth * FRAME);
    }
    long end = next + FRAME;
    short[] frame = null;
    Iterator<Map.Entry<Long, short[]>> covering = packets.headMap(end).entrySet().iterator();
    while (covering.hasNext()) {
      Map.Entry<Long, short[]> packet = covering.next();
      long start = packet.getKey();
      short[] samples = packet.getValue();
      long stop = start + samples.length;
      if (stop > next) {
        if (frame == null) {
          frame = new short[FRAME];
        }
        long from = Math.max(start, next);
        long to = Math.min(stop, end);
        System.arraycopy(
            samples, (int) (from - start), frame, (int) (from - next), (int) (to - from));
      }
      if (stop <= end) {
        covering.remove(); // played in full (or too old to play)
      }
    }
    next = end;
    if (frame == null && packets.isEmpty()) {
      playing = false; // drained: fill up to depth again before playing
    }
    return frame;
  }

  /** Packets waiting to be played. */
  public int buffered() {
    return packets.size();
  }

  private long bufferedSamples() {
    long samples = 0;
    for (short[] packet : packets.values()) {
      samples += packet.length;
    }
    return samples;
  }

  private void restart(long ssrc, long timestamp) {
    this.ssrc = ssrc;
    packets.clear();
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
