package org.p2psip.hostpeer.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerServiceApplication;
import org.p2psip.testsupport.TestRedis;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two host peers as Spring applications with {@code p2psip.host-peer.overlay.enabled}, each with
 * its own Redis database: the seed forms the ring, the other joins it through the seed's peer port,
 * and {@code /actuator/overlay} shows each as the other's neighbour.
 */
class OverlayPeerIT {

  private final List<ConfigurableApplicationContext> peers = new ArrayList<>();

  @AfterEach
  void stopPeers() {
    peers.forEach(ConfigurableApplicationContext::close);
  }

  private ConfigurableApplicationContext peer(int database, boolean seed, List<String> bootstrap) {
    ConfigurableApplicationContext context =
        // command-line arguments, so that they win over application.yml's ports
        new SpringApplicationBuilder(HostPeerServiceApplication.class)
            .run(
                "--server.port=0",
                "--spring.data.redis.url=" + TestRedis.url() + "/" + database,
                "--p2psip.host-peer.port=0",
                "--p2psip.host-peer.bind-address=127.0.0.1",
                "--p2psip.host-peer.overlay.enabled=true",
                "--p2psip.host-peer.overlay.insecure-development=true",
                "--p2psip.host-peer.overlay.port=0",
                "--p2psip.host-peer.overlay.seed=" + seed,
                "--p2psip.host-peer.overlay.bootstrap=" + String.join(",", bootstrap),
                "--p2psip.host-peer.overlay.stabilize-interval=1s");
    peers.add(context);
    return context;
  }

  private static Map<String, Object> ring(ConfigurableApplicationContext context) {
    return context.getBean(OverlayPeer.class).view().block(Duration.ofSeconds(5));
  }

  @Test
  void aSeedAndAJoinerFormARingVisibleThroughTheActuator() throws Exception {
    ConfigurableApplicationContext seed = peer(1, true, List.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> "JOINED".equals(ring(seed).get("phase")));
    int seedPeerPort = seed.getBean(OverlayPeer.class).peerPort();

    ConfigurableApplicationContext joiner = peer(2, false, List.of("127.0.0.1:" + seedPeerPort));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(ring(joiner).get("phase")).isEqualTo("JOINED");
              assertThat(ring(seed).get("successors"))
                  .isEqualTo(List.of(ring(joiner).get("nodeId")));
              assertThat(ring(joiner).get("successors"))
                  .isEqualTo(List.of(ring(seed).get("nodeId")));
            });

    String port = seed.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/overlay"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body())
        .contains("\"phase\":\"JOINED\"")
        .contains((String) ring(joiner).get("nodeId"));
  }
}
