package org.p2psip.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service as a real process: {@code java -jar} of its packaged jar with arguments, output to
 * {@code target/system/<name>.log}, ready once {@code /actuator/health} says UP, stopped with
 * SIGTERM (graceful shutdown) and, if need be, killed.
 */
final class ServiceProcess implements AutoCloseable {

  final String name;
  final URI base;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, URI base, Process process, Path log) {
    this.name = name;
    this.base = base;
    this.process = process;
    this.log = log;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ServiceProcess start(
      String name, String module, String scheme, int port, List<String> args) throws Exception {
    return start(name, packaged(module), scheme, port, args);
  }

  /** The packaged jar of {@code module}. */
  static Path packaged(String module) {
    Path jar = Path.of("..", module, "target", module + "-0.1.0-SNAPSHOT.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the services are packaged first");
    }
    return jar;
  }

  /**
   * A copy of the packaged jar of {@code module} under {@code target/system}: processes started
   * from it keep their classes even if the module is packaged again while they run.
   */
  static Path snapshot(String module) throws IOException {
    Path logs = Path.of("target", "system");
    Files.createDirectories(logs);
    Path copy = logs.resolve(module + "-snapshot-" + ProcessHandle.current().pid() + ".jar");
    Path jar = packaged(module);
    for (int attempt = 0; ; attempt++) {
      // a jar being packaged right now changes under the copy: copy again once it is written
      long before = Files.getLastModifiedTime(jar).toMillis();
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      if (Files.getLastModifiedTime(jar).toMillis() == before
          && System.currentTimeMillis() - before > 2_000) {
        break;
      }
      if (attempt == 30) {
        throw new IllegalStateException(jar + " keeps changing");
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    copy.toFile().deleteOnExit();
    return copy;
  }

  /** Starts {@code jar} (see {@link #packaged} and {@link #snapshot}). */
  static ServiceProcess start(String name, Path jar, String scheme, int port, List<String> args)
      throws Exception {
    Path logs = Path.of("target", "system");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xms64m");
    command.add("-Xmx192m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(name, URI.create(scheme + "://127.0.0.1:" + port), process, log);
  }

  /**
   * Starts the command line ({@code bin/p2psip}'s jar, packaged by p2psip-cli) with {@code args},
   * its output in {@code target/system/<name>.log}.
   */
  static ServiceProcess cli(String name, List<String> args) throws Exception {
    Path jar = Path.of("..", "p2psip-cli", "target", "p2psip.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the command line is packaged first");
    }
    Path logs = Path.of("target", "system");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xms32m");
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(name, URI.create("cli://" + name), process, log);
  }

  /** Waits until the output has a line matching {@code pattern}; returns that line. */
  String awaitLine(java.util.regex.Pattern pattern, Duration patience) {
    AtomicReference<String> found = new AtomicReference<>();
    try {
      await()
          .dontCatchUncaughtExceptions()
          .atMost(patience)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                for (String line : Files.readAllLines(log)) {
                  if (pattern.matcher(line).find()) {
                    found.set(line);
                    return true;
                  }
                }
                if (!process.isAlive()) {
                  throw new IllegalStateException(name + " exited: " + tail());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + " never printed " + pattern + ":\n" + tail());
    }
    return found.get();
  }

  /** Everything it printed so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until health answers UP; fails with the end of the log otherwise. */
  ServiceProcess awaitUp(HttpClient http, Duration patience) {
    AtomicReference<String> last = new AtomicReference<>("");
    try {
      await()
          .dontCatchUncaughtExceptions()
          .atMost(patience)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> healthy(http, last));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + " not healthy: " + last.get() + "\n" + tail());
    }
    return this;
  }

  /** One health check: true when UP; what it answered (or why not) in {@code last}. */
  private boolean healthy(HttpClient http, AtomicReference<String> last)
      throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited: " + tail());
    }
    try {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(base.resolve("/actuator/health"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      last.set(health.body());
      return health.statusCode() == 200 && health.body().endsWith("\"status\":\"UP\"}");
    } catch (IOException e) {
      last.set(e.toString());
      return false;
    }
  }

  /** SIGKILL: no shutdown hook, no leave, no goodbye to anyone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
