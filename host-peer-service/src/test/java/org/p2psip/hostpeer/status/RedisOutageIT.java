package org.p2psip.hostpeer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stopped and started again in the middle of a test: requests fail within a bounded time with
 * 408, joined clients are told (Notify, overlay service interrupt), the peer recovers by itself,
 * and no acknowledged record is lost.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.limits.store-timeout=1s",
      "p2psip.host-peer.limits.keep-alive-interval=60s",
      "p2psip.host-peer.load.check-interval=200ms"
    })
class RedisOutageIT {

  static DedicatedRedis redis;

  @Autowired HostPeerServer server;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) throws Exception {
    redis = DedicatedRedis.start();
    registry.add("spring.data.redis.url", redis::url);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  static CompletableFuture<PeerStatus> nextStatus(HostPeerTestClient client) {
    return client
        .client
        .peerRequests()
        .map(notify -> notify.first(StatusAttribute.class).status())
        .next()
        .toFuture();
  }

  @Test
  void outageIsReportedAndSurvivedWithoutLosingAcknowledgedRecords() throws Exception {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      assertThat(code(client.join())).isEqualTo(200);
      Id128 acknowledged = Id128.random();
      assertThat(code(client.put(acknowledged, "sip:before@outage", 600))).isEqualTo(200);

      CompletableFuture<PeerStatus> interrupt = nextStatus(client);
      redis.stop();

      Message failed = client.put(Id128.random(), "sip:during@outage", 600);
      assertThat(code(failed)).isIn(408, 436);
      assertThat(interrupt.get(10, TimeUnit.SECONDS))
          .isEqualTo(PeerStatus.OVERLAY_SERVICE_INTERRUPT);
      try (HostPeerTestClient newcomer = new HostPeerTestClient(server.port())) {
        assertThat(code(newcomer.join())).isEqualTo(432);
      }

      CompletableFuture<PeerStatus> recovered = nextStatus(client);
      redis.resume();
      assertThat(recovered.get(20, TimeUnit.SECONDS)).isEqualTo(PeerStatus.GOOD);

      Message found = client.get(acknowledged);
      assertThat(code(found)).isEqualTo(200);
      assertThat(found.first(ResourceInfo.class).content())
          .isEqualTo(Octets.utf8("sip:before@outage"));
      assertThat(code(client.put(Id128.random(), "sip:after@outage", 600))).isEqualTo(200);
    }
  }
}
