package org.p2psip.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.coords.LandmarkSet;
import org.p2psip.netcoord.Coordinates;
import org.p2psip.probe.RttProber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Measures this host's network coordinate against the published landmarks. */
@Command(
    name = "coords",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch the landmarks' published coordinates, probe each landmark (UDP), and compute this"
          + " host's coordinate (DisCo 3.7; encoded as docs/protocol.md 4.2).",
      "Exit codes: 0 measured; 5 landmark service unreachable or nothing published; 6 too few"
          + " landmarks answered probes."
    })
final class CoordsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--landmarks",
      defaultValue = "${env:P2PSIP_LANDMARKS:-http://127.0.0.1:8084}",
      description = "Base URL of a landmark service or the gateway (default: ${DEFAULT-VALUE}).")
  URI landmarks;

  @Option(
      names = "--probes",
      defaultValue = "5",
      description = "Probes per landmark; the minimum RTT is kept (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(
      names = "--timeout",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How long one probe waits for its answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "One JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LandmarkSet set;
    try {
      set =
          new LandmarkDirectoryClient(HttpClient.newHttpClient(), landmarks)
              .fetch()
              .block(Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      err.println("cannot get the landmark set from " + landmarks + ": " + message(e));
      return ExitCodes.UNREACHABLE;
    }
    long started = System.nanoTime();
    Progress.of(spec)
        .step("probing " + set.landmarks().size() + " landmarks, " + probes + " probes each");
    CoordinateMeasurement measurement;
    try {
      measurement =
          CoordinateMeasurement.measure(set, new RttProber(probes, timeout, Duration.ofMillis(10)))
              .block();
    } catch (RuntimeException e) {
      err.println(message(e));
      return ExitCodes.TOO_FEW_ANSWERS;
    }
    double tookMs = (System.nanoTime() - started) / 1e6;
    double[] own = measurement.coordinate().toArray();
    if (json) {
      out.println(
          JsonMapper.builder().build().writeValueAsString(asJson(measurement, own, tookMs)));
      return 0;
    }
    out.printf(
        "Landmark set version %d, %d dimensions, %d landmarks (measured in %.0f ms, %d probes"
            + " each)%n",
        set.version(), set.dimensions(), set.landmarks().size(), tookMs, probes);
    out.printf("  %-12s %-22s %10s %14s%n", "LANDMARK", "ADDRESS", "RTT ms", "PREDICTED ms");
    for (int i = 0; i < set.landmarks().size(); i++) {
      LandmarkSet.Landmark landmark = set.landmarks().get(i);
      double rtt = measurement.rttMillis()[i];
      out.printf(
          "  %-12s %-22s %10s %14.2f%n",
          landmark.id(),
          landmark.host() + ":" + landmark.port(),
          Double.isNaN(rtt) ? "no answer" : String.format("%.2f", rtt),
          Coordinates.distance(own, landmark.coordinate()));
    }
    out.printf("  own coordinate: %s%n", format(own));
    out.printf(
        "  encoded (docs/protocol.md 4.2): %s%n",
        HexFormat.of().formatHex(measurement.coordinate().encode()));
    return 0;
  }

  private static Map<String, Object> asJson(
      CoordinateMeasurement measurement, double[] own, double tookMs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("landmarkVersion", measurement.landmarks().version());
    json.put("dimensions", measurement.landmarks().dimensions());
    List<Map<String, Object>> landmarks = new ArrayList<>();
    for (int i = 0; i < measurement.landmarks().landmarks().size(); i++) {
      LandmarkSet.Landmark landmark = measurement.landmarks().landmarks().get(i);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", landmark.id());
      entry.put("address", landmark.host() + ":" + landmark.port());
      double rtt = measurement.rttMillis()[i];
      entry.put("rttMillis", Double.isNaN(rtt) ? null : rtt);
      entry.put("predictedMillis", Coordinates.distance(own, landmark.coordinate()));
      landmarks.add(entry);
    }
    json.put("landmarks", landmarks);
    json.put("coordinate", own);
    json.put("encoded", HexFormat.of().formatHex(measurement.coordinate().encode()));
    json.put("measuredInMillis", tookMs);
    return json;
  }

  private static String format(double[] values) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(String.format("%.2f", values[i]));
    }
    return text.append(')').toString();
  }

  private static String message(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
