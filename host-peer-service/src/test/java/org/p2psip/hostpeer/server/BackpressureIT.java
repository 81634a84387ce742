package org.p2psip.hostpeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.testsupport.DedicatedRedis;
import org.p2psip.testsupport.ExternalCommand;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;

/**
 * A client that pipelines far more requests than the peer processes at once, while the store is
 * stalled: the peer never has more than {@code max-in-flight-per-connection} of them in progress
 * (the rest wait unread in the socket), and once the store answers, every request is answered.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.limits.max-in-flight-per-connection=4",
      "p2psip.host-peer.limits.store-timeout=10s",
      // the Redis client's own command timeout must outlast the pause below
      "spring.data.redis.timeout=10s"
    })
class BackpressureIT {

  static DedicatedRedis redis;

  @Autowired HostPeerServer server;
  @Autowired SessionRegistry sessions;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) throws Exception {
    redis = DedicatedRedis.start();
    registry.add("spring.data.redis.url", redis::url);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Test
  void aStalledStoreHoldsAtMostTheInFlightLimitOfOneConnection() throws Exception {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      assertThat(code(client.join())).isEqualTo(200);
      ExternalCommand.Result pause =
          ExternalCommand.run(
              Duration.ofSeconds(30),
              null,
              "redis-cli",
              "-p",
              Integer.toString(redis.port()),
              "CLIENT",
              "PAUSE",
              "2000",
              "ALL");
      assertThat(pause.exitCode()).as(pause.output()).isZero();

      AtomicInteger highest = new AtomicInteger();
      var sampler =
          Flux.interval(Duration.ofMillis(5))
              .subscribe(t -> highest.accumulateAndGet(sessions.totalInFlight().get(), Math::max));
      List<Message> answers =
          Flux.range(0, 50)
              .flatMap(
                  i ->
                      client.client.request(
                          HostPeerTestClient.request(
                              MessageType.PUT,
                              new ResourceInfo(
                                  1, Id128.random(), 60L, null, null, Octets.utf8("v" + i)))),
                  50)
              .collectList()
              .block(Duration.ofSeconds(30));
      sampler.dispose();

      assertThat(answers).hasSize(50).allMatch(answer -> code(answer) == 200);
      assertThat(highest.get()).as("requests in progress at once").isBetween(1, 4);
    }
  }
}
