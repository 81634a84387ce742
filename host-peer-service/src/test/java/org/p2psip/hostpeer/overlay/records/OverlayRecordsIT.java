package org.p2psip.hostpeer.overlay.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.p2psip.hostpeer.HostPeerTestClient.code;
import static org.p2psip.hostpeer.HostPeerTestClient.subCode;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.hostpeer.CommandLineRun;
import org.p2psip.hostpeer.HostPeerServiceApplication;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.overlay.peer.OverlayPeer;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestRedis;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Clients' records through the ring (docs/peer-protocol.md 6): three host peers as Spring
 * applications, each with its own Redis database. What alice puts through one peer, bob and carol
 * read through the others; the objects are in the overlay store of every peer of the replica set (R
 * = 3: all three), never in the client-record keys of one peer alone; the per-client limit is
 * counted by the client's own host peer; a Remove is seen everywhere within the cache TTL; and a
 * peer that is not a ring member answers Joins 432.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverlayRecordsIT {

  private static final int[] DATABASES = {3, 4, 5};
  private static final int LONELY_DATABASE = 6;
  private static final int FULL_DATABASE = 7;
  private static final int MAX_OBJECTS_PER_CLIENT = 25;

  private final List<ConfigurableApplicationContext> peers = new ArrayList<>();

  @BeforeAll
  void formTheRing() {
    for (int database : DATABASES) {
      withRedis(database, redis -> redis.sync().flushdb());
    }
    ConfigurableApplicationContext seed = peer(DATABASES[0], true, List.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> "JOINED".equals(ring(seed).get("phase")));
    String bootstrap = "127.0.0.1:" + seed.getBean(OverlayPeer.class).peerPort();
    peer(DATABASES[1], false, List.of(bootstrap));
    peer(DATABASES[2], false, List.of(bootstrap));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (ConfigurableApplicationContext peer : peers) {
                assertThat(ring(peer).get("phase")).isEqualTo("JOINED");
                assertThat((List<?>) ring(peer).get("successors")).hasSize(2);
              }
            });
  }

  @AfterAll
  void stopPeers() {
    peers.forEach(ConfigurableApplicationContext::close);
  }

  private ConfigurableApplicationContext peer(
      int database, boolean seed, List<String> bootstrap, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.data.redis.url=" + TestRedis.url() + "/" + database,
                "--p2psip.host-peer.port=0",
                "--p2psip.host-peer.bind-address=127.0.0.1",
                "--p2psip.host-peer.records.max-objects-per-client=" + MAX_OBJECTS_PER_CLIENT,
                "--p2psip.host-peer.overlay.enabled=true",
                "--p2psip.host-peer.overlay.insecure-development=true",
                "--p2psip.host-peer.overlay.port=0",
                "--p2psip.host-peer.overlay.seed=" + seed,
                "--p2psip.host-peer.overlay.bootstrap=" + String.join(",", bootstrap),
                "--p2psip.host-peer.overlay.bootstrap-timeout=2s",
                "--p2psip.host-peer.overlay.stabilize-interval=1s"));
    args.addAll(List.of(more));
    // command-line arguments, so that they win over application.yml's ports
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(HostPeerServiceApplication.class)
            .run(args.toArray(String[]::new));
    peers.add(context);
    return context;
  }

  private static Map<String, Object> ring(ConfigurableApplicationContext context) {
    return context.getBean(OverlayPeer.class).view().block(Duration.ofSeconds(5));
  }

  private static HostPeerTestClient client(ConfigurableApplicationContext peer) {
    return new HostPeerTestClient(peer.getBean(HostPeerServer.class).port());
  }

  private static HostPeerTestClient joined(ConfigurableApplicationContext peer) {
    HostPeerTestClient client = client(peer);
    assertThat(code(client.join())).isEqualTo(200);
    return client;
  }

  private interface RedisWork {
    void run(StatefulRedisConnection<String, String> redis);
  }

  private static void withRedis(int database, RedisWork work) {
    RedisClient client = RedisClient.create(TestRedis.url() + "/" + database);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      work.run(connection);
    } finally {
      client.shutdown();
    }
  }

  private static long keys(int database, String pattern) {
    long[] count = {0};
    withRedis(database, redis -> count[0] = redis.sync().keys(pattern).size());
    return count[0];
  }

  private static Id128 record(int i) {
    return ResourceIds.of("user" + i + "@overlay-records.example.org");
  }

  private static Octets contact(int i) {
    return Octets.utf8("sip:user" + i + "@192.0.2.1");
  }

  @Test
  void whatOnePeerStoresEveryOtherPeerReadsAndOnlyTheRingHoldsIt() {
    try (HostPeerTestClient alice = joined(peers.get(0));
        HostPeerTestClient bob = joined(peers.get(1));
        HostPeerTestClient carol = joined(peers.get(2))) {
      for (int i = 0; i < 20; i++) {
        assertThat(code(alice.put(record(i), "sip:user" + i + "@192.0.2.1", 600)))
            .as("put %d", i)
            .isEqualTo(200);
      }
      for (HostPeerTestClient reader : List.of(bob, carol, alice)) {
        for (int i = 0; i < 20; i++) {
          Message answer = reader.get(record(i));
          assertThat(code(answer)).as("get %d", i).isEqualTo(200);
          ResourceInfo found = answer.first(ResourceInfo.class);
          assertThat(found.content()).isEqualTo(contact(i));
          assertThat(found.expiration()).isBetween(1L, 600L);
        }
      }
      for (int database : DATABASES) {
        assertThat(keys(database, "ovl:store:obj:*"))
            .as("R = 3 copies: one in every peer's store (db %d)", database)
            .isGreaterThanOrEqualTo(20);
        assertThat(keys(database, "hp:rec:*"))
            .as("no record kept by one peer alone (db %d)", database)
            .isZero();
      }
      for (ConfigurableApplicationContext peer : peers) {
        Map<String, Object> view = ring(peer);
        long stored = ((Number) view.get("storedResourceIds")).longValue();
        assertThat(stored)
            .as("the actuator counts what the peer's store holds")
            .isGreaterThanOrEqualTo(20);
        assertThat(((Number) view.get("storedInReplicaRange")).longValue())
            .as("on a ring of three every Resource-ID is in every replica range")
            .isEqualTo(stored);
        assertThat(((Number) view.get("storedInResponsibility")).longValue()).isBetween(0L, stored);
      }
      MeterRegistry meters = peers.get(0).getBean(MeterRegistry.class);
      assertThat(meters.get("p2psip.overlay.requests").tag("type", "PUT").timers())
          .as("alice's puts, timed by answer code")
          .anySatisfy(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(20));
      assertThat(meters.get("p2psip.overlay.hops").tag("type", "PUT").summary().count())
          .isGreaterThanOrEqualTo(20);
      assertThat(meters.get("p2psip.overlay.connections").gauge().value())
          .as("connected to both other peers")
          .isGreaterThanOrEqualTo(2);
      assertThat(meters.get("p2psip.overlay.member").gauge().value()).isEqualTo(1);
      double confirmations =
          peers.stream()
              .mapToDouble(
                  peer ->
                      peer
                          .getBean(MeterRegistry.class)
                          .find("p2psip.overlay.replica.answers")
                          .tag("outcome", "applied")
                          .counters()
                          .stream()
                          .mapToDouble(Counter::count)
                          .sum())
              .sum();
      assertThat(confirmations)
          .as("each of the 20 puts replicated to two other peers")
          .isGreaterThanOrEqualTo(40);
    }
  }

  /** Runs the {@code p2psip} command line in this JVM: its output, once it exited as expected. */
  private static String p2psip(int expectedExit, String... args) {
    CommandLineRun run = CommandLineRun.of(args);
    assertThat(run.exit())
        .as("exit of %s: %s%s", List.of(args), run.out(), run.err())
        .isEqualTo(expectedExit);
    return run.out();
  }

  @Test
  void theCommandLineFillsThroughOnePeerAndChecksThroughAnother() {
    String through = "127.0.0.1:" + peers.get(1).getBean(HostPeerServer.class).port();
    String other = "127.0.0.1:" + peers.get(2).getBean(HostPeerServer.class).port();
    assertThat(p2psip(0, "peer", "fill", "--peer", through, "--count", "20", "--prefix", "cli"))
        .contains("put 20/20 records");
    assertThat(p2psip(0, "peer", "check", "--peer", other, "--count", "20", "--prefix", "cli"))
        .contains("20/20 records readable");
    assertThat(p2psip(1, "peer", "check", "--peer", other, "--count", "21", "--prefix", "cli"))
        .as("one that was never put is missing, and the command says so")
        .contains("20/21 records readable");
    assertThat(p2psip(4, "peer", "fill", "--peer", through, "--count", "30", "--prefix", "more"))
        .as(
            "a session's client may store %d objects; the refusals are counted",
            MAX_OBJECTS_PER_CLIENT)
        .contains("put 25/30 records")
        .contains("refused: 5 x 409/7");
  }

  @Test
  void theClientsHostPeerCountsItsLimitsAndARemoveIsSeenEverywhere() {
    try (HostPeerTestClient dave = joined(peers.get(2));
        HostPeerTestClient erin = joined(peers.get(0))) {
      for (int i = 100; i < 100 + MAX_OBJECTS_PER_CLIENT; i++) {
        assertThat(code(dave.put(record(i), "sip:dave@192.0.2.4", 600))).isEqualTo(200);
      }
      Message over = dave.put(record(999), "sip:dave@192.0.2.4", 600);
      assertThat(code(over)).isEqualTo(ResponseCode.REQUEST_REJECTED.code());
      assertThat(subCode(over)).as("409/7: too many objects for one client").isEqualTo(7);
      assertThat(code(erin.get(record(999)))).as("nothing stored").isEqualTo(407);

      ResourceInfo stored = erin.get(record(100)).first(ResourceInfo.class);
      Message removed =
          dave.send(
              MessageType.REMOVE,
              new ResourceInfo(
                  stored.valueType(),
                  stored.resourceId(),
                  null,
                  stored.owner(),
                  stored.contentHash(),
                  null));
      assertThat(code(removed)).isEqualTo(200);
      assertThat(code(dave.get(record(100)))).as("read-your-writes").isEqualTo(407);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(code(erin.get(record(100))))
                      .as("gone for every peer within the cache TTL")
                      .isEqualTo(407));
      assertThat(code(dave.put(record(999), "sip:dave@192.0.2.4", 600)))
          .as("the removed object no longer counts")
          .isEqualTo(200);
    }
  }

  @Test
  void aFullPeerNamesOtherRingPeersAndTheSdkJoinsOneOfThem() throws Exception {
    withRedis(FULL_DATABASE, redis -> redis.sync().flushdb());
    String bootstrap = "127.0.0.1:" + peers.get(0).getBean(OverlayPeer.class).peerPort();
    ConfigurableApplicationContext full =
        peer(
            FULL_DATABASE,
            false,
            List.of(bootstrap),
            "--p2psip.host-peer.load.max-joined-clients=1");
    List<ConfigurableApplicationContext> others = List.copyOf(peers.subList(0, 3));
    Set<Integer> otherPorts =
        others.stream()
            .map(peer -> peer.getBean(HostPeerServer.class).port())
            .collect(Collectors.toSet());
    int fullPort = full.getBean(HostPeerServer.class).port();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(ring(full).get("phase")).isEqualTo("JOINED");
                assertThat((List<?>) ring(full).get("successors")).hasSize(3);
              });
      try (HostPeerTestClient first = joined(full);
          HostPeerTestClient second = client(full)) {
        Message refused = second.join();
        assertThat(code(refused)).isEqualTo(ResponseCode.JOIN_REQUEST_DEFERRED.code());
        ServicePeerInfo named = refused.first(ServicePeerInfo.class);
        assertThat(named).as("410 names other host peers (peer-protocol.md 7)").isNotNull();
        assertThat(named.mustUnderstand()).as("M = 0 in the client protocol").isFalse();
        assertThat(named.serviceType()).isEqualTo(ServicePeerInfo.ServiceType.HOST_PEER);
        assertThat(named.peers()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        for (ServicePeerInfo.ServicePeer peer : named.peers()) {
          assertThat(peer.addresses())
              .allSatisfy(
                  address -> {
                    assertThat(address.usage()).isEqualTo(PeerAddressInfo.USAGE_CLIENT);
                    assertThat(otherPorts).contains(address.port());
                  });
        }
        assertThat(second.send(MessageType.INQUIRE).first(ServicePeerInfo.class))
            .as("an Inquire names them too")
            .isNotNull();

        List<String> events = new ArrayList<>();
        try (OverlaySession session =
            OverlaySession.open(
                    List.of(new InetSocketAddress("127.0.0.1", fullPort)),
                    new OverlaySession.Settings(
                        null, Duration.ofSeconds(30), Duration.ofSeconds(10)),
                    events::add)
                .block(Duration.ofSeconds(30))) {
          assertThat(otherPorts)
              .as("the SDK followed the 410 to another host peer: %s", events)
              .contains(session.peer().block(Duration.ofSeconds(10)).address().getPort());
        }
      }
    } finally {
      peers.remove(full);
      full.close();
    }
  }

  @Test
  void aPeerThatIsNotARingMemberTurnsClientsAway() throws Exception {
    int nobody;
    try (ServerSocket closed = new ServerSocket(0)) {
      nobody = closed.getLocalPort();
    }
    withRedis(LONELY_DATABASE, redis -> redis.sync().flushdb());
    ConfigurableApplicationContext lonely =
        peer(LONELY_DATABASE, false, List.of("127.0.0.1:" + nobody));
    try (HostPeerTestClient frank = client(lonely)) {
      assertThat(ring(lonely).get("phase")).isEqualTo("JOINING");
      assertThat(code(frank.join()))
          .as("432: it could not replicate anything its clients write")
          .isEqualTo(ResponseCode.OVERLAY_SERVICE_INTERRUPT.code());
    } finally {
      peers.remove(lonely);
      lonely.close();
    }
  }
}
