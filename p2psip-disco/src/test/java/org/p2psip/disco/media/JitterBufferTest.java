package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Play-out order, loss, lateness, restarts and the 32-bit timestamp wrap. */
class JitterBufferTest {

  static short[] frame(int value) {
    short[] frame = new short[JitterBuffer.FRAME];
    Arrays.fill(frame, (short) value);
    return frame;
  }

  static int valueOf(short[] frame) {
    return frame == null ? -1 : frame[0];
  }

  @Test
  void framesPlayInTimestampOrderOnceTheDepthIsReached() {
    JitterBuffer buffer = new JitterBuffer(2);
    buffer.offer(7, 1000 + 160, frame(2)); // out of order
    assertThat(buffer.poll()).isNull(); // one frame: still filling
    buffer.offer(7, 1000, frame(1));
    buffer.offer(7, 1000 + 320, frame(3));
    assertThat(valueOf(buffer.poll())).isEqualTo(1);
    assertThat(valueOf(buffer.poll())).isEqualTo(2);
    assertThat(valueOf(buffer.poll())).isEqualTo(3);
  }

  @Test
  void aLostFrameIsSilenceAndALateOneIsDropped() {
    JitterBuffer buffer = new JitterBuffer(1);
    buffer.offer(7, 0, frame(1));
    buffer.offer(7, 320, frame(3));
    assertThat(valueOf(buffer.poll())).isEqualTo(1);
    assertThat(buffer.poll()).isNull(); // 160 never came
    buffer.offer(7, 160, frame(2)); // too late now
    assertThat(valueOf(buffer.poll())).isEqualTo(3);
    assertThat(buffer.buffered()).isZero();
  }

  @Test
  void aStoppedStreamIsSilenceAndARestartedOnePlaysAgain() {
    JitterBuffer buffer = new JitterBuffer(1);
    buffer.offer(7, 0, frame(1));
    assertThat(valueOf(buffer.poll())).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      assertThat(buffer.poll()).isNull();
    }
    buffer.offer(9, 123_456, frame(5)); // a new SSRC: another sender, another timeline
    assertThat(valueOf(buffer.poll())).isEqualTo(5);
    buffer.offer(9, 123_456 + 160 * 10_000, frame(6)); // a jump far ahead: resynchronised
    assertThat(valueOf(buffer.poll())).isEqualTo(6);
  }

  @Test
  void aBurstBeyondTwiceTheDepthIsCutBackToTheDepth() {
    JitterBuffer buffer = new JitterBuffer(2);
    for (int i = 0; i < 10; i++) {
      buffer.offer(7, i * 160L, frame(i + 1)); // a stalled sender's ten frames at once
    }
    // the oldest go: playing resumes two frames before the newest
    assertThat(valueOf(buffer.poll())).isEqualTo(9);
    assertThat(valueOf(buffer.poll())).isEqualTo(10);
    assertThat(buffer.poll()).isNull();
  }

  @Test
  void timestampsWrapAround() {
    JitterBuffer buffer = new JitterBuffer(1);
    long last = 0xFFFF_FFFFL - 159;
    buffer.offer(7, last, frame(1));
    buffer.offer(7, 0, frame(2)); // last + 160, wrapped
    assertThat(valueOf(buffer.poll())).isEqualTo(1);
    assertThat(valueOf(buffer.poll())).isEqualTo(2);
  }

  @Test
  void packetsOfThirtyMillisecondsAreCutIntoTwentyMillisecondFrames() {
    JitterBuffer buffer = new JitterBuffer(2);
    short[] one = new short[240];
    Arrays.fill(one, (short) 1);
    short[] two = new short[240];
    Arrays.fill(two, (short) 2);
    buffer.offer(7, 0, one);
    buffer.offer(7, 240, two);
    assertThat(buffer.poll()).containsOnly((short) 1);
    short[] straddling = buffer.poll();
    assertThat(Arrays.copyOfRange(straddling, 0, 80)).containsOnly((short) 1);
    assertThat(Arrays.copyOfRange(straddling, 80, 160)).containsOnly((short) 2);
    assertThat(buffer.poll()).containsOnly((short) 2);
    assertThat(buffer.poll()).isNull();
  }

  @Test
  void longPacketsAreSplitIntoFrames() {
    JitterBuffer buffer = new JitterBuffer(1);
    short[] forty = new short[320];
    Arrays.fill(forty, 0, 160, (short) 1);
    Arrays.fill(forty, 160, 320, (short) 2);
    buffer.offer(7, 0, forty);
    assertThat(valueOf(buffer.poll())).isEqualTo(1);
    assertThat(valueOf(buffer.poll())).isEqualTo(2);
  }
}
