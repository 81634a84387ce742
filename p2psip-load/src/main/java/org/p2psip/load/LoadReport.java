package org.p2psip.load;

import java.time.Duration;
import java.util.Locale;

/** The outcome of a load run: throughput, latency quantiles, errors. */
public record LoadReport(
    String scenario,
    int connections,
    Duration measured,
    long requests,
    long errors,
    double p50Micros,
    double p90Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    String errorsByCode) {

  static LoadReport of(
      String scenario, int connections, Duration measured, long[] sorted, long errors) {
    return of(scenario, connections, measured, sorted, errors, "");
  }

  /** With {@code errorsByCode}, e.g. {@code "408:3 436:1"}, shown when not empty. */
  static LoadReport of(
      String scenario,
      int connections,
      Duration measured,
      long[] sorted,
      long errors,
      String errorsByCode) {
    return new LoadReport(
        scenario,
        connections,
        measured,
        sorted.length,
        errors,
        Latencies.quantileMicros(sorted, 0.50),
        Latencies.quantileMicros(sorted, 0.90),
        Latencies.quantileMicros(sorted, 0.99),
        Latencies.quantileMicros(sorted, 0.999),
        Latencies.quantileMicros(sorted, 1.0),
        errorsByCode);
  }

  public double requestsPerSecond() {
    return requests / (measured.toNanos() / 1e9);
  }

  public String table() {
    return String.format(
            Locale.ROOT,
            "%-10s connections=%d requests=%d errors=%d rate=%.0f/s p50=%.0fus p90=%.0fus p99=%.0fus"
                + " p999=%.0fus max=%.0fus",
            scenario,
            connections,
            requests,
            errors,
            requestsPerSecond(),
            p50Micros,
            p90Micros,
            p99Micros,
            p999Micros,
            maxMicros)
        + (errorsByCode.isEmpty() ? "" : " (" + errorsByCode + ")");
  }

  public String json() {
    return String.format(
        Locale.ROOT,
        "{\"scenario\":\"%s\",\"connections\":%d,\"seconds\":%.3f,\"requests\":%d,\"errors\":%d,"
            + "\"requestsPerSecond\":%.1f,\"p50Micros\":%.1f,\"p90Micros\":%.1f,\"p99Micros\":%.1f,"
            + "\"p999Micros\":%.1f,\"maxMicros\":%.1f,\"errorsByCode\":\"%s\"}",
        scenario,
        connections,
        measured.toNanos() / 1e9,
        requests,
        errors,
        requestsPerSecond(),
        p50Micros,
        p90Micros,
        p99Micros,
        p999Micros,
        maxMicros,
        errorsByCode);
  }
}
