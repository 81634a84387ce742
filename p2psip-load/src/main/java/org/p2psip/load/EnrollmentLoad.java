package org.p2psip.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.p2psip.client.enroll.Csrs;
import org.p2psip.client.enroll.EnrollmentRequest;
import org.p2psip.client.http.HttpClients;

/**
 * Enrollments over HTTPS as fast as the CA answers: {@code clients} concurrent clients on
 * keep-alive connections, each enrolling its own account again and again with P-256 CSRs made
 * before the clock starts (so the figure is the CA's, not the client's key generation).
 */
public final class EnrollmentLoad {

  private EnrollmentLoad() {}

  public static LoadReport run(
      URI enroll,
      Path trustedCertificate,
      List<String> users,
      String password,
      Duration warmup,
      Duration measure)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(trustedCertificate))
            .build();
    List<byte[]> csrs = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      csrs.add(Csrs.request(Csrs.p256()));
    }
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    AtomicLong errors = new AtomicLong();
    List<Latencies> all = new ArrayList<>();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int c = 0; c < users.size(); c++) {
      Latencies latencies = new Latencies();
      all.add(latencies);
      String user = users.get(c);
      int offset = c;
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                int n = offset;
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<byte[]> response =
                        http.send(
                            EnrollmentRequest.of(
                                enroll, user, password, 1, csrs.get(n++ % csrs.size())),
                            HttpResponse.BodyHandlers.ofByteArray());
                    long now = System.nanoTime();
                    if (response.statusCode() != 200) {
                      errors.incrementAndGet();
                    } else if (sent >= measureFrom && now <= end) {
                      latencies.add(now - sent);
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                }
              }));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
    return LoadReport.of("enroll", users.size(), measure, Latencies.merge(all), errors.get());
  }

  private static SSLContext trusting(Path certificate) {
    return HttpClients.sslContext(certificate);
  }
}
