package org.p2psip.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server process of a test's own, for tests that stop and start Redis (an outage) without
 * disturbing the shared one. It persists with an append-only file synced on every write, so data
 * acknowledged before a stop is there after the restart. Needs {@code redis-server} on the PATH:
 * under {@code CI=true} its absence fails the test, elsewhere it skips it.
 */
public final class DedicatedRedis implements AutoCloseable {

  private final int port;
  private final Path directory;
  private @Nullable Process process;

  private DedicatedRedis(int port, Path directory) {
    this.port = port;
    this.directory = directory;
  }

  public static DedicatedRedis start() throws IOException, InterruptedException {
    requireBinary();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    DedicatedRedis redis = new DedicatedRedis(port, Files.createTempDirectory("p2psip-redis"));
    redis.resume();
    return redis;
  }

  private static void requireBinary() throws InterruptedException {
    boolean present = ExternalCommand.available("redis-server", "--version");
    if (!present) {
      String reason = "redis-server is not on the PATH (apt-get install -y redis-server)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(reason);
      }
      Assumptions.abort(reason);
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts (again) on the same port and data directory; returns once it accepts connections. */
  public void resume() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    directory.toString(),
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "always",
                    "--save",
                    ""))
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  /** Kills the server, as a crash or a lost node would. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
