package org.p2psip.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.p2psip.disco.media.G711;
import org.p2psip.disco.media.JitterBuffer;
import org.p2psip.disco.media.MixMinus;
import org.p2psip.disco.media.RtpPacket;
import org.p2psip.disco.media.Tones;

/**
 * A focus's audio work for one 20 ms tick with {@code participants} participants talking at once,
 * everything but the sockets: each incoming RTP packet read, decoded (G.711) and put in its jitter
 * buffer; one frame taken from each buffer; the mix-minus; each participant's frame encoded and
 * written as an RTP packet. Divided by the participants and by 20 ms, it is the share of one core
 * each participant costs. Command and results: docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MixerBenchmark {

  @Param({"10", "50", "100"})
  public int participants;

  private byte[][] incoming;
  private JitterBuffer[] buffers;
  private long tick;

  @Setup
  public void setUp() {
    incoming = new byte[participants][];
    buffers = new JitterBuffer[participants];
    for (int p = 0; p < participants; p++) {
      short[] tone = Tones.frame(300 + 10 * p, 4000, 0);
      incoming[p] =
          new RtpPacket(RtpPacket.PCMU, false, 0, 0, p, G711.encode(RtpPacket.PCMU, tone)).write();
      buffers[p] = new JitterBuffer(1);
    }
  }

  @Benchmark
  public void tick(Blackhole sink) {
    long timestamp = tick++ * JitterBuffer.FRAME;
    List<short[]> frames = new ArrayList<>(participants);
    for (int p = 0; p < participants; p++) {
      RtpPacket packet = RtpPacket.read(incoming[p], incoming[p].length);
      buffers[p].offer(
          packet.ssrc(), timestamp, G711.decode(packet.payloadType(), packet.payload()));
      frames.add(buffers[p].poll());
    }
    short[][] out = MixMinus.mix(frames, List.of());
    for (int p = 0; p < participants; p++) {
      sink.consume(
          new RtpPacket(
                  RtpPacket.PCMU,
                  false,
                  (int) tick & 0xFFFF,
                  timestamp,
                  p,
                  G711.encode(RtpPacket.PCMU, out[p]))
              .write());
    }
  }
}
