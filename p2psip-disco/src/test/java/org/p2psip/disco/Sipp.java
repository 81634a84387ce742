package org.p2psip.disco;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.p2psip.testsupport.ExternalCommand;

/**
 * SIPp (Debian's sip-tester) run on one of this module's scenarios (src/test/resources/sipp).
 * Without sipp on the PATH a test is skipped, except under CI=true, where it fails.
 */
public final class Sipp {

  public static final Duration LIMIT = Duration.ofSeconds(60);

  private Sipp() {}

  /** Skips (or, under CI, fails) the calling test when sipp is missing. */
  public static void requirePresent() {
    boolean present = ExternalCommand.available("sh", "-c", "command -v sipp");
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("sipp is not on the PATH (apt-get install -y sip-tester)");
    }
    Assumptions.assumeTrue(present, "sipp is not installed (apt-get install -y sip-tester)");
  }

  /**
   * Runs {@code sipp} with {@code scenario} on loopback at {@code port} over {@code transport} (udp
   * or tcp), for {@code calls} calls, with {@code more} arguments; blocks until it exits.
   */
  public static ExternalCommand.Result run(
      String scenario, int port, String transport, int calls, String... more) throws Exception {
    Path dir = Files.createTempDirectory("sipp");
    Path xml = dir.resolve(scenario);
    try (var in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
      Files.copy(in, xml);
    }
    List<String> command = new ArrayList<>(List.of("sipp"));
    command.addAll(List.of(more));
    command.addAll(
        List.of(
            "-sf",
            xml.toString(),
            "-i",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-t",
            transport.equals("tcp") ? "t1" : "u1",
            "-m",
            Integer.toString(calls),
            "-timeout",
            "40s",
            "-timeout_error",
            "-trace_err",
            "-nostdin"));
    return ExternalCommand.run(LIMIT, dir, command.toArray(String[]::new));
  }
}
