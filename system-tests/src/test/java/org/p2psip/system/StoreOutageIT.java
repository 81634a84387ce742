package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.conference.ConferenceCreation;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.testsupport.DedicatedRedis;

/**
 * Redis stopped and started again under the running system: the enrollment service, the registry,
 * two landmarks and the gateway, each its packaged jar in its own process, all on a Redis of this
 * test's own. While Redis is down the registry answers 503 problems with {@code Retry-After}, the
 * landmarks and the configuration document are served from memory, directly and through the
 * gateway; afterwards every service answers normally again with the data stored before the outage.
 * No assertion is on time: the shared machine is too noisy for that.
 */
class StoreOutageIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String FORWARDING_SECRET = "outage-test-secret-" + UUID.randomUUID();
  static final List<ServiceProcess> PROCESSES = new ArrayList<>();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static DedicatedRedis redis;
  static URI enrollment;
  static URI registry;
  static URI landmark;
  static URI gateway;

  static ServiceProcess started(ServiceProcess process) {
    PROCESSES.add(process);
    return process;
  }

  static List<String> with(String... args) {
    List<String> all = new ArrayList<>();
    all.add("--spring.data.redis.url=" + redis.url());
    all.addAll(List.of(args));
    return all;
  }

  @BeforeAll
  static void startTheSystem() throws Exception {
    redis = DedicatedRedis.start();
    Path work = Files.createTempDirectory("p2psip-outage");
    int enrollPort = ServiceProcess.freePort();
    int registryPort = ServiceProcess.freePort();
    int gatewayPort = ServiceProcess.freePort();
    int[] landmarkPorts = {ServiceProcess.freePort(), ServiceProcess.freePort()};
    enrollment = URI.create("http://127.0.0.1:" + enrollPort);
    registry = URI.create("http://127.0.0.1:" + registryPort);
    landmark = URI.create("http://127.0.0.1:" + landmarkPorts[0]);
    gateway = URI.create("http://127.0.0.1:" + gatewayPort);

    List<ServiceProcess> starting = new ArrayList<>();
    starting.add(
        started(
            ServiceProcess.start(
                "outage-enrollment",
                "enrollment-service",
                "http",
                enrollPort,
                with(
                    "--spring.profiles.active=dev",
                    "--p2psip.enrollment.ca.generate-in=" + work.resolve("ca"),
                    "--p2psip.enrollment.accounts.verifier-iterations=1000",
                    "--p2psip.enrollment.registry.url=" + registry,
                    "--p2psip.enrollment.document.landmarks-url=" + landmark,
                    "--p2psip.enrollment.document.landmarks-refresh=1s",
                    "--p2psip.enrollment.gateway.forwarding-secret=" + FORWARDING_SECRET))));
    starting.add(
        started(
            ServiceProcess.start(
                "outage-registry",
                "disco-registry-service",
                "http",
                registryPort,
                with("--p2psip.registry.trust.enrollment-url=" + enrollment))));
    for (int i = 0; i < landmarkPorts.length; i++) {
      starting.add(
          started(
              ServiceProcess.start(
                  "outage-landmark-" + (i + 1),
                  "landmark-service",
                  "http",
                  landmarkPorts[i],
                  with(
                      "--spring.profiles.active=test",
                      "--p2psip.landmark.id=lm-" + (i + 1),
                      "--p2psip.landmark.port=0",
                      "--p2psip.landmark.mesh.namespace=outage-" + RUN,
                      "--p2psip.landmark.mesh.measure-interval=500ms",
                      "--p2psip.landmark.mesh.embed-interval=500ms",
                      "--p2psip.landmark.mesh.probe-spacing=5ms",
                      "--p2psip.landmark.mesh.history-rounds=3"))));
    }
    starting.add(
        started(
            ServiceProcess.start(
                "outage-gateway",
                "gateway",
                "http",
                gatewayPort,
                with(
                    "--p2psip.gateway.enrollment-uri=" + enrollment,
                    "--p2psip.gateway.registry-uri=" + registry,
                    "--p2psip.gateway.landmarks-uri=" + landmark,
                    "--p2psip.gateway.rate-limit.replenish-rate=1000",
                    "--p2psip.gateway.rate-limit.burst-capacity=1000",
                    "--p2psip.gateway.forwarding-secret=" + FORWARDING_SECRET))));
    for (ServiceProcess process : starting) {
      process.awaitUp(HTTP, Duration.ofSeconds(150));
    }
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    for (ServiceProcess process : PROCESSES) {
      process.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String header(HttpResponse<String> answer, String name) {
    return answer.headers().firstValue(name).orElse("");
  }

  /** A Fetch answer without the remaining lifetimes, which tick down. */
  static String withoutLifetimes(String fetched) {
    return fetched.replaceAll("\"lifetime\":[0-9]+", "\"lifetime\":_");
  }

  static long sequence(String document) {
    int at = document.indexOf("sequence=\"") + "sequence=\"".length();
    return Long.parseLong(document.substring(at, document.indexOf('"', at)));
  }

  static String signer(String document) {
    int at = document.indexOf("<configuration-signer>") + "<configuration-signer>".length();
    return document.substring(at, document.indexOf('<', at));
  }

  static long version(String landmarks) {
    int at = landmarks.indexOf("\"version\":") + "\"version\":".length();
    int end = at;
    while (end < landmarks.length() && Character.isDigit(landmarks.charAt(end))) {
      end++;
    }
    return Long.parseLong(landmarks.substring(at, end));
  }

  @Test
  void duringAnOutageTheServicesAnswerAtOnceAndAfterItTheDataIsThere() throws Exception {
    // data before the outage: a conference (account, certificate, registry entry), the published
    // landmarks, the configuration document listing them
    String user = "outage-" + RUN + "@example.org";
    HttpResponse<String> account =
        HTTP.send(
            HttpRequest.newBuilder(enrollment.resolve("/v1/accounts"))
                .header("Authorization", "Bearer dev-operator-token")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"outage-secret\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
    String conference = "team-" + RUN + "@example.org";
    new ConferenceCreation(HTTP, enrollment, new RegistryClient(HTTP, registry))
        .create(
            "sip:" + conference,
            user,
            "outage-secret",
            "sip:focus@127.0.0.1",
            Coordinate.of(1, 2),
            600)
        .block(Duration.ofSeconds(60));
    String fetch = "/v1/resources/sip:" + conference + "/kinds/disco";
    HttpResponse<String> fetched = get(registry, fetch);
    assertThat(fetched.statusCode()).isEqualTo(200);

    String landmarks =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> get(gateway, "/v1/landmarks"), a -> a.statusCode() == 200)
            .body();
    String document =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> get(gateway, "/.well-known/reload-config"),
                a -> a.statusCode() == 200 && a.body().contains("<disco:landmark-host"))
            .body();
    // what each service will have in memory: the last answer it gave
    landmarks = get(landmark, "/v1/landmarks").body();
    document = get(enrollment, "/.well-known/reload-config").body();

    redis.stop();

    // the registry: 503 problems with Retry-After, directly and through the gateway
    for (URI base : List.of(registry, gateway)) {
      HttpResponse<String> refused = get(base, fetch);
      assertThat(refused.statusCode()).as(base + ": " + refused.body()).isEqualTo(503);
      assertThat(header(refused, "Retry-After")).isNotBlank();
      assertThat(header(refused, "Content-Type")).startsWith("application/problem+json");
    }
    // the landmarks and the configuration document: from memory, directly and through the gateway
    // (the mesh may have read a newer version than this test did just before the outage)
    HttpResponse<String> landmarksDuring = get(landmark, "/v1/landmarks");
    assertThat(landmarksDuring.statusCode()).as(landmarksDuring.body()).isEqualTo(200);
    assertThat(version(landmarksDuring.body())).isGreaterThanOrEqualTo(version(landmarks));
    HttpResponse<String> landmarksThroughGateway = get(gateway, "/v1/landmarks");
    assertThat(landmarksThroughGateway.statusCode()).isEqualTo(200);
    assertThat(landmarksThroughGateway.body()).isEqualTo(landmarksDuring.body());
    for (URI base : List.of(enrollment, gateway)) {
      HttpResponse<String> fromMemory = get(base, "/.well-known/reload-config");
      assertThat(fromMemory.statusCode()).as(base + ": " + fromMemory.body()).isEqualTo(200);
      assertThat(fromMemory.body()).isEqualTo(document);
    }
    for (URI base : List.of(registry, landmark, enrollment)) {
      assertThat(get(base, "/actuator/health").statusCode()).as(base + " health").isEqualTo(503);
    }

    redis.resume();

    // every service answers normally again, with the data stored before the outage
    for (URI base : List.of(registry, landmark, enrollment, gateway)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> get(base, "/actuator/health").statusCode() == 200);
    }
    for (URI base : List.of(registry, gateway)) {
      HttpResponse<String> after =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .ignoreExceptions()
              .until(() -> get(base, fetch), a -> a.statusCode() == 200);
      assertThat(withoutLifetimes(after.body()))
          .as(base + " fetch")
          .isEqualTo(withoutLifetimes(fetched.body()));
    }
    HttpResponse<String> landmarksAfter = get(gateway, "/v1/landmarks");
    assertThat(landmarksAfter.statusCode()).isEqualTo(200);
    assertThat(version(landmarksAfter.body())).isGreaterThanOrEqualTo(version(landmarks));
    HttpResponse<String> documentAfter = get(gateway, "/.well-known/reload-config");
    assertThat(documentAfter.statusCode()).isEqualTo(200);
    assertThat(sequence(documentAfter.body())).isGreaterThanOrEqualTo(sequence(document));
    assertThat(signer(documentAfter.body())).isEqualTo(signer(document));
    for (ServiceProcess process : PROCESSES) {
      assertThat(process.alive()).as(process.name + " still running").isTrue();
    }
  }
}
