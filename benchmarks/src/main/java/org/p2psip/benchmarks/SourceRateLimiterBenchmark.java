package org.p2psip.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.p2psip.probe.SourceRateLimiter;

/**
 * The probe responder's per-source rate limiter under a flood from {@code sources} distinct
 * addresses, visited round robin: every packet of the largest run comes from an address the limiter
 * has not seen for a million packets, the worst case for a bounded cache (a miss, an insertion and
 * an eviction each time). The cost per packet should not grow with the number of sources. The
 * landmark service's default limits (200 probes/s, burst 50). Command and results:
 * docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SourceRateLimiterBenchmark {

  @Param({"1000", "100000", "1000000"})
  public int sources;

  private InetAddress[] addresses;
  private SourceRateLimiter limiter;
  private int next;

  @Setup
  public void setUp() throws UnknownHostException {
    addresses = new InetAddress[sources];
    for (int i = 0; i < sources; i++) {
      addresses[i] =
          InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
    }
    limiter = new SourceRateLimiter(200, 50);
  }

  @Benchmark
  public boolean allow() {
    InetAddress source = addresses[next];
    if (++next == sources) {
      next = 0;
    }
    return limiter.allow(source, System.nanoTime());
  }
}
