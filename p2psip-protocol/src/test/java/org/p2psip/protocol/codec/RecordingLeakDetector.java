package org.p2psip.protocol.codec;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak report so tests can assert there are none. Installed
 * for the whole test JVM by Surefire's {@code io.netty.customResourceLeakDetector} property, at
 * PARANOID level (every buffer tracked).
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + " leaked:" + records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType + " leaked (untraced)");
  }

  /** True when this detector is the one Netty uses (the Surefire property is set). */
  public static boolean installed() {
    return RecordingLeakDetector.class
        .getName()
        .equals(System.getProperty("io.netty.customResourceLeakDetector"));
  }

  /** Drives garbage collection so unreleased buffers are found, then returns the reports. */
  public static List<String> collectLeaks() {
    for (int round = 0; round < 5; round++) {
      System.gc();
      System.runFinalization();
      // Leak reports are produced when new buffers are tracked, so allocate a few.
      for (int i = 0; i < 50; i++) {
        PooledByteBufAllocator.DEFAULT.buffer(16).release();
      }
    }
    return List.copyOf(LEAKS);
  }

  public static void clear() {
    LEAKS.clear();
  }
}
