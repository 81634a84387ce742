package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.conference.ConferenceCreation;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.TestPki;
import org.p2psip.testsupport.TestRedis;

/**
 * A watch of a conference (the registry's change stream, server-sent events) through the gateway
 * outlives the gateway's per-route time limit: the backend time limit (10 s) bounds the wait for a
 * backend's answer to begin, not the life of a stream. Watched for 30 s, the stream is still open
 * and passes a second focus advertised at 25 s, keep-alives having passed in between. A later
 * change to the limits that cut streams fails here.
 */
class GatewayWatchIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Duration CHANGE_AT = Duration.ofSeconds(25);
  static final Duration WATCHED_FOR = Duration.ofSeconds(30);

  /** Put on the line queue when the stream ends. */
  static final String END = "\u0000end";

  static final List<ServiceProcess> PROCESSES = new ArrayList<>();
  static HttpClient http;
  static HttpClient https;
  static URI enrollment;
  static URI gateway;

  @BeforeAll
  static void startEnrollmentRegistryAndGateway() throws Exception {
    String redis = TestRedis.url();
    String forwardingSecret = "watch-test-secret-" + UUID.randomUUID();
    Path work = Files.createTempDirectory("p2psip-watch");
    TestPki tls = new TestPki("Watch TLS CA");
    TestPki.Issued server = tls.server();
    Path cert = TestPki.pem(work, "server.pem", server.certificate());
    Path key = TestPki.pem(work, "server-key.pem", server.keys());
    https = HttpClients.trusting(TestPki.pem(work, "tls-ca.pem", tls.ca.certificate()));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    int enrollPort = ServiceProcess.freePort();
    int registryPort = ServiceProcess.freePort();
    int gatewayPort = ServiceProcess.freePort();
    enrollment = URI.create("http://127.0.0.1:" + enrollPort);
    URI registry = URI.create("http://127.0.0.1:" + registryPort);
    gateway = URI.create("https://127.0.0.1:" + gatewayPort);
    ServiceProcess enrollmentService =
        started(
            ServiceProcess.start(
                "watch-enrollment",
                "enrollment-service",
                "http",
                enrollPort,
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--spring.profiles.active=dev",
                    "--p2psip.enrollment.ca.generate-in=" + work.resolve("ca"),
                    "--p2psip.enrollment.accounts.verifier-iterations=1000",
                    "--p2psip.enrollment.registry.url=" + registry,
                    "--p2psip.enrollment.gateway.forwarding-secret=" + forwardingSecret)));
    ServiceProcess registryService =
        started(
            ServiceProcess.start(
                "watch-registry",
                "disco-registry-service",
                "http",
                registryPort,
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--p2psip.registry.trust.enrollment-url=" + enrollment)));
    ServiceProcess gatewayService =
        started(
            ServiceProcess.start(
                "watch-gateway",
                "gateway",
                "https",
                gatewayPort,
                List.of(
                    "--spring.data.redis.url=" + redis,
                    "--server.ssl.bundle=tls",
                    "--spring.ssl.bundle.pem.tls.keystore.certificate=file:" + cert,
                    "--spring.ssl.bundle.pem.tls.keystore.private-key=file:" + key,
                    "--p2psip.gateway.enrollment-uri=" + enrollment,
                    "--p2psip.gateway.registry-uri=" + registry,
                    // no landmarks in this test: a port nothing listens on
                    "--p2psip.gateway.landmarks-uri=http://127.0.0.1:" + ServiceProcess.freePort(),
                    "--p2psip.gateway.rate-limit.replenish-rate=1000",
                    "--p2psip.gateway.rate-limit.burst-capacity=1000",
                    "--p2psip.gateway.forwarding-secret=" + forwardingSecret)));
    enrollmentService.awaitUp(http, Duration.ofSeconds(150));
    registryService.awaitUp(http, Duration.ofSeconds(150));
    gatewayService.awaitUp(https, Duration.ofSeconds(150));
  }

  static ServiceProcess started(ServiceProcess process) {
    PROCESSES.add(process);
    return process;
  }

  @AfterAll
  static void stop() throws Exception {
    for (ServiceProcess process : PROCESSES) {
      process.close();
    }
  }

  /**
   * The stream's lines, read on a thread of its own (the read blocks), into a queue; {@link #END}
   * when the stream ends.
   */
  static BlockingQueue<String> read(InputStream body) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error: " + e);
              }
              lines.add(END);
            },
            "watch-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** Lines up to and including the first one that starts with {@code prefix}. */
  static List<String> until(BlockingQueue<String> lines, String prefix, Duration patience)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(line).as("%s within %s; seen %s", prefix, patience, seen).isNotNull();
      assertThat(line).as("the stream ended; seen %s", seen).isNotEqualTo(END);
      seen.add(line);
      if (line.startsWith(prefix)) {
        return seen;
      }
    }
  }

  @Test
  void aWatchThroughTheGatewayOutlivesTheRouteTimeLimitAndSeesALateChange() throws Exception {
    String user = "wendy-" + RUN + "@example.org";
    String password = "wendy-" + RUN + "-secret";
    HttpResponse<String> account =
        http.send(
            HttpRequest.newBuilder(enrollment.resolve("/v1/accounts"))
                .header("Authorization", "Bearer dev-operator-token")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);

    String uri = "sip:watched-" + RUN + "@example.org";
    RegistryClient registry = new RegistryClient(https, gateway);
    Coordinate here = Coordinate.of(10, 20);
    ConferenceCreation.Created created =
        new ConferenceCreation(http, enrollment, registry)
            .create(uri, user, password, "sip:wendy@127.0.0.1", here, 600)
            .block(Duration.ofSeconds(30));

    String conference = "watched-" + RUN + "@example.org";
    URI changes =
        gateway.resolve(
            "/v1/resources/"
                + URLEncoder.encode(conference, StandardCharsets.UTF_8)
                + "/kinds/disco/changes");
    HttpResponse<InputStream> watch =
        https.send(
            HttpRequest.newBuilder(changes).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long opened = System.nanoTime();
    assertThat(watch.statusCode()).isEqualTo(200);
    BlockingQueue<String> lines = read(watch.body());
    try {
      assertThat(until(lines, "event:ready", Duration.ofSeconds(30)))
          .anyMatch(line -> line.startsWith("event:present"));

      // past the gateway's 10 s limit, past the registry's first keep-alive (15 s)
      Thread.sleep(Math.max(0, CHANGE_AT.toNanos() - (System.nanoTime() - opened)) / 1_000_000);
      Id128 secondFocus = Id128.random();
      new FocusRole(registry, uri, created.keys().getPrivate(), created.certificate(), secondFocus)
          .advertise("sip:second@127.0.0.1", Coordinate.of(30, 40), 600)
          .block(Duration.ofSeconds(30));

      List<String> afterReady = until(lines, "event:added", Duration.ofSeconds(30));
      assertThat(afterReady).as("keep-alives pass the gateway").contains(":keep-alive");
      assertThat(until(lines, "data:", Duration.ofSeconds(10)).get(0)).contains(secondFocus.hex());

      // still open at the end of the watch: no end of stream up to then
      long end = opened + WATCHED_FOR.toNanos();
      for (String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
          line != null;
          line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        assertThat(line).as("the stream ended before %s", WATCHED_FOR).isNotEqualTo(END);
      }
    } finally {
      watch.body().close();
    }
  }
}
