package org.p2psip.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs a short outside command (openssl, redis-cli, ...) from a test so that it can never hang the
 * build: its standard input is {@code /dev/null} (a tool that unexpectedly waits for input gets
 * end-of-file, not an open pipe), its output goes to a file rather than a pipe the test must drain
 * before it can wait, and it is killed at the deadline. A CI run once hung for its whole 90 minutes
 * on a test reading an openssl process's output with no time limit.
 */
public final class ExternalCommand {

  /** What a finished command left: its exit code and its standard output and error, merged. */
  public record Result(int exitCode, String output) {

    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  private static final File NO_INPUT = new File("/dev/null");

  private ExternalCommand() {}

  /**
   * Runs {@code command} in {@code directory} (the test's working directory when null), waiting at
   * most {@code timeout}.
   *
   * @throws IllegalStateException if it does not finish in time (it is killed first)
   * @throws IOException if it cannot be started (not installed)
   */
  public static Result run(Duration timeout, @Nullable Path directory, String... command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("p2psip-command", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(NO_INPUT)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "killed after "
                + timeout
                + ": "
                + String.join(" ", List.of(command))
                + "\n"
                + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Whether {@code command} can be started and exits 0 within 30 s (a version query). */
  public static boolean available(String... command) {
    try {
      return run(Duration.ofSeconds(30), null, command).succeeded();
    } catch (IOException | IllegalStateException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
