package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestRedis;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The host-peer ring as real processes (docs/peer-protocol.md 3.6, 5, 6, 8): five host peers, each
 * with its own Redis database, form a ring; 1,000 records put by clients through random peers are
 * read back through every peer; a peer killed with SIGKILL, a peer stopped gracefully and a peer
 * joining late lose no record and repair brings every record back to R = 3 copies; a peer whose
 * Redis goes away reports interrupt while the others keep serving every record.
 *
 * <p>The steps build on each other and run in order. Nothing is asserted about timing; the figures
 * (time to form the ring, puts per second, time until reads succeed again, time until R copies) are
 * printed for the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostPeerRingIT {

  private static final int RECORDS = 1_000;
  private static final int IN_FLIGHT = 32;
  private static final int REPLICATION = 3;
  private static final int WRITERS_PER_PEER = 4;
  private static final int[] DATABASES = {8, 9, 10, 11, 12};
  private static final int JOINER_DATABASE = 13;
  private static final String STORE_OBJECTS = "ovl:store:obj:";

  /** Cache TTL (5 s) plus the near cache (1 s) plus a margin: a read after it goes to the ring. */
  private static final Duration CACHE_GONE = Duration.ofSeconds(7);

  private static final Pattern PHASE = Pattern.compile("\"phase\":\"(\\w+)\"");
  private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
  private static final Pattern NODE_ID = Pattern.compile("\"nodeId\":\"([0-9a-f]+)\"");
  private static final Pattern SUCCESSORS = Pattern.compile("\"successors\":\\[([^\\]]*)\\]");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Peer> peers = new ArrayList<>();
  private final List<HostPeerClient> clients = new ArrayList<>();
  private final Map<Peer, HostPeerClient> readers = new HashMap<>();
  private final Map<String, String> figures = new TreeMap<>();
  private Process dedicatedRedis;

  /** One host peer: its ports, its Redis and its process. */
  private static final class Peer {
    final String name;
    final String redisUrl;
    final int clientPort = ServiceProcess.freePort();
    final int peerPort = ServiceProcess.freePort();
    final int managementPort = ServiceProcess.freePort();
    ServiceProcess process;
    String nodeId;

    Peer(String name, String redisUrl) {
      this.name = name;
      this.redisUrl = redisUrl;
    }

    @Override
    public String toString() {
      return name + (nodeId == null ? "" : "(" + nodeId.substring(0, 8) + ")");
    }
  }

  /** The peers' jar, copied once: the module may be packaged again while this test runs. */
  private Path jar;

  @BeforeAll
  void flushDatabases() throws IOException {
    jar = ServiceProcess.snapshot("host-peer-service");
    for (int database : DATABASES) {
      withRedis(databaseUrl(database), redis -> redis.sync().flushdb());
    }
    withRedis(databaseUrl(JOINER_DATABASE), redis -> redis.sync().flushdb());
  }

  @AfterAll
  void stopEverything() throws Exception {
    clients.forEach(HostPeerClient::close);
    for (Peer peer : peers) {
      if (peer.process != null && peer.process.alive()) {
        peer.process.close();
      }
    }
    if (dedicatedRedis != null) {
      dedicatedRedis.destroyForcibly();
    }
    System.out.println("[ring] ==== figures ====");
    figures.forEach((name, value) -> System.out.println("[ring] " + name + ": " + value));
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void fivePeersFormAConsistentRing() throws Exception {
    long started = System.nanoTime();
    Peer seed = start(new Peer("ring-peer-1", databaseUrl(DATABASES[0])), true, null);
    awaitJoined(List.of(seed), Duration.ofSeconds(120));
    for (int i = 1; i < DATABASES.length; i++) {
      start(new Peer("ring-peer-" + (i + 1), databaseUrl(DATABASES[i])), false, seed);
    }
    awaitRing(live(), Duration.ofSeconds(180));
    figure(
        "1 time to form the ring of 5 (process start to consistent)", millisSince(started) + " ms");
    System.out.println("[ring] ring order: " + sortedByNodeId(live()));
  }

  @Test
  @Order(2)
  void aThousandRecordsPutThroughRandomPeersAreReadThroughEveryPeer() {
    List<HostPeerClient> writers = new ArrayList<>();
    for (Peer peer : live()) {
      for (int i = 0; i < WRITERS_PER_PEER; i++) {
        writers.add(joinedClient(peer));
      }
      readers.put(peer, joinedClient(peer));
    }
    long started = System.nanoTime();
    Map<Integer, String> failed = new ConcurrentHashMap<>();
    Flux.range(0, RECORDS)
        .flatMap(
            i ->
                writers
                    .get(ThreadLocalRandom.current().nextInt(writers.size()))
                    .request(put(i))
                    .doOnNext(
                        answer -> {
                          if (code(answer) != 200) {
                            failed.put(i, describe(answer));
                          }
                        })
                    .onErrorResume(
                        error -> {
                          failed.put(i, error.toString());
                          return Mono.empty();
                        }),
            IN_FLIGHT)
        .blockLast(Duration.ofMinutes(5));
    long millis = millisSince(started);
    figure(
        "2a puts (" + RECORDS + " through random peers, " + IN_FLIGHT + " in flight)",
        millis + " ms = " + (RECORDS * 1000L / Math.max(1, millis)) + " puts/s");
    assertThat(failed).as("puts not answered 200").isEmpty();

    long reading = System.nanoTime();
    ReadResult read = readEverything(live(), Duration.ofSeconds(10));
    figure(
        "2b reads through every peer (" + live().size() * RECORDS + " gets)",
        millisSince(reading) + " ms, " + read.retried + " needed a retry");
    assertThat(read.failed).as("records not readable").isEmpty();
  }

  @Test
  @Order(3)
  void aKilledPeerLosesNoRecordAndRepairRestoresThreeCopies() throws Exception {
    sleep(CACHE_GONE);
    Peer victim = peers.get(2);
    long killed = System.nanoTime();
    victim.process.kill();
    readers.remove(victim).close();
    System.out.println("[ring] SIGKILL " + victim + " pid " + victim.process.pid());

    ReadResult read = readEverything(live(), Duration.ofSeconds(10));
    figure(
        "3a after SIGKILL: all records read through the 4 remaining peers",
        millisSince(killed)
            + " ms after the kill; slowest single record "
            + read.slowestMillis
            + " ms; "
            + read.retried
            + " gets needed a retry");
    assertThat(read.failed).as("records not readable after the kill").isEmpty();

    awaitRing(live(), Duration.ofSeconds(60));
    figure("3b after SIGKILL: ring consistent again", millisSince(killed) + " ms after the kill");
    awaitCopies(live(), Duration.ofSeconds(90));
    figure(
        "3c after SIGKILL: every record in >= "
            + REPLICATION
            + " of 4 stores, its replica set included",
        millisSince(killed) + " ms after the kill");
  }

  @Test
  @Order(4)
  void aGracefulStopAndANewPeerLoseNoRecordAndKeepThreeCopies() throws Exception {
    sleep(CACHE_GONE);
    Peer leaving = peers.get(3);
    long stopped = System.nanoTime();
    readers.remove(leaving).close();
    leaving.process.close();
    figure("4a graceful stop (SIGTERM) took", millisSince(stopped) + " ms");
    ReadResult afterStop = readEverything(live(), Duration.ofSeconds(10));
    figure(
        "4a' after the graceful stop: all records read through the 3 remaining peers",
        millisSince(stopped)
            + " ms after the stop began; slowest single record "
            + afterStop.slowestMillis
            + " ms; "
            + afterStop.retried
            + " gets needed a retry");
    assertThat(afterStop.failed).as("records not readable after the graceful stop").isEmpty();

    long joining = System.nanoTime();
    Peer joiner = start(new Peer("ring-peer-6", databaseUrl(JOINER_DATABASE)), false, peers.get(0));
    awaitRing(live(), Duration.ofSeconds(180));
    figure(
        "4b new peer 6 started and the ring consistent",
        millisSince(joining) + " ms after its process start");
    readers.put(joiner, joinedClient(joiner));

    ReadResult read = readEverything(live(), Duration.ofSeconds(10));
    figure(
        "4c after stop + join: all records read through the 4 peers",
        millisSince(stopped)
            + " ms after the stop; slowest single record "
            + read.slowestMillis
            + " ms; "
            + read.retried
            + " gets needed a retry");
    assertThat(read.failed).as("records not readable after the stop and the join").isEmpty();

    awaitCopies(live(), Duration.ofSeconds(90));
    figure(
        "4d after stop + join: every record in >= "
            + REPLICATION
            + " of 4 stores, its replica set included",
        millisSince(joining) + " ms after the joiner started");
  }

  @Test
  @Order(5)
  void aPeerWithoutItsRedisReportsInterruptAndTheOthersServeEveryRecord() throws Exception {
    int redisPort = ServiceProcess.freePort();
    dedicatedRedis = startRedis(redisPort);
    String redisUrl = "redis://127.0.0.1:" + redisPort;
    long joining = System.nanoTime();
    Peer fragile = start(new Peer("ring-peer-7", redisUrl), false, peers.get(0));
    awaitRing(live(), Duration.ofSeconds(180));
    readers.put(fragile, joinedClient(fragile));
    awaitCopies(live(), Duration.ofSeconds(90));
    figure(
        "5a peer 7 (own redis-server) joined, every record in >= "
            + REPLICATION
            + " of 5 stores, its replica set included",
        millisSince(joining) + " ms after its process start");
    long heldByFragile = storedIds(fragile).size();
    System.out.println("[ring] peer 7 holds " + heldByFragile + " Resource-IDs in its store");

    sleep(CACHE_GONE);
    long gone = System.nanoTime();
    dedicatedRedis.destroyForcibly();
    dedicatedRedis.waitFor(10, TimeUnit.SECONDS);
    System.out.println("[ring] SIGKILL redis-server of " + fragile + " on port " + redisPort);

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(field(STATUS, overlay(fragile)))
                    .as("/actuator/overlay status of %s", fragile)
                    .isEqualTo("OVERLAY_SERVICE_INTERRUPT"));
    figure("5b peer 7 reports OVERLAY_SERVICE_INTERRUPT", millisSince(gone) + " ms after");

    Message join;
    try (HostPeerClient lateClient =
        HostPeerClient.connect("127.0.0.1", fragile.clientPort).block()) {
      join = lateClient.request(request(MessageType.JOIN, loopbackClient())).block();
    }
    figure("5c a client's Join at peer 7 without Redis", describe(join));
    assertThat(code(join)).as("Join without a store").isEqualTo(432);

    List<Peer> others = live().stream().filter(peer -> peer != fragile).toList();
    ReadResult read = readEverything(others, Duration.ofSeconds(10));
    figure(
        "5d without peer 7's Redis: all records read through the 4 others",
        millisSince(gone)
            + " ms after the Redis kill; slowest single record "
            + read.slowestMillis
            + " ms; "
            + read.retried
            + " gets needed a retry");
    assertThat(read.failed).as("records not readable without peer 7's Redis").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private Peer start(Peer peer, boolean seed, Peer bootstrap) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("--spring.data.redis.url=" + peer.redisUrl);
    args.add("--p2psip.host-peer.port=" + peer.clientPort);
    args.add("--p2psip.host-peer.bind-address=127.0.0.1");
    args.add("--p2psip.host-peer.overlay.enabled=true");
    args.add("--p2psip.host-peer.overlay.insecure-development=true");
    args.add("--p2psip.host-peer.overlay.port=" + peer.peerPort);
    args.add("--p2psip.host-peer.overlay.seed=" + seed);
    if (bootstrap != null) {
      args.add("--p2psip.host-peer.overlay.bootstrap=127.0.0.1:" + bootstrap.peerPort);
    }
    args.add("--p2psip.host-peer.overlay.bootstrap-timeout=2s");
    args.add("--p2psip.host-peer.overlay.stabilize-interval=1s");
    args.add("--p2psip.host-peer.overlay.keepalive-interval=1s");
    args.add("--p2psip.host-peer.overlay.repair-interval=5s");
    // five JVMs on a small machine: a slow Redis ping is not yet "busy" (Joins 410)
    args.add("--p2psip.host-peer.load.busy-redis-latency=1s");
    if (Boolean.getBoolean("ring.debug")) {
      // -Dring.debug=true: the overlay's connection and handshake failures in the peers' logs
      args.add("--logging.level.org.p2psip.overlay=DEBUG");
      args.add("--logging.level.org.p2psip.hostpeer.overlay=DEBUG");
    }
    peer.process = ServiceProcess.start(peer.name, jar, "http", peer.managementPort, args);
    peers.add(peer);
    System.out.println(
        "[ring] started "
            + peer.name
            + " pid "
            + peer.process.pid()
            + " client "
            + peer.clientPort
            + " peer "
            + peer.peerPort
            + " management "
            + peer.managementPort
            + " redis "
            + peer.redisUrl);
    return peer;
  }

  private List<Peer> live() {
    return peers.stream().filter(peer -> peer.process.alive()).toList();
  }

  private String overlay(Peer peer) throws IOException, InterruptedException {
    if (!peer.process.alive()) {
      throw new IllegalStateException(peer + " exited:\n" + peer.process.tail());
    }
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + peer.managementPort + "/actuator/overlay"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("overlay endpoint answered " + answer.statusCode());
    }
    return answer.body();
  }

  private static String field(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static List<String> successors(String json) {
    Matcher matcher = SUCCESSORS.matcher(json);
    if (!matcher.find() || matcher.group(1).isBlank()) {
      return List.of();
    }
    return Arrays.stream(matcher.group(1).split(","))
        .map(id -> id.replace("\"", "").trim())
        .toList();
  }

  private void awaitJoined(List<Peer> group, Duration patience) {
    awaitRingCondition(group, patience, false);
  }

  /** Every peer JOINED, and each one's first successor the next Node-ID in ring order. */
  private void awaitRing(List<Peer> group, Duration patience) {
    awaitRingCondition(group, patience, true);
  }

  private void awaitRingCondition(List<Peer> group, Duration patience, boolean consistent) {
    Map<Peer, String> last = new ConcurrentHashMap<>();
    try {
      await()
          .atMost(patience)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsMatching(e -> e instanceof IOException)
          .until(
              () -> {
                Map<Peer, String> views = new HashMap<>();
                for (Peer peer : group) {
                  String view = overlay(peer);
                  views.put(peer, view);
                  last.put(peer, view);
                  peer.nodeId = field(NODE_ID, view);
                }
                for (String view : views.values()) {
                  if (!"JOINED".equals(field(PHASE, view))) {
                    return false;
                  }
                }
                if (!consistent) {
                  return true;
                }
                List<Peer> ring = sortedByNodeId(group);
                for (int i = 0; i < ring.size(); i++) {
                  Peer next = ring.get((i + 1) % ring.size());
                  List<String> successors = successors(views.get(ring.get(i)));
                  if (successors.isEmpty() || !successors.get(0).equals(next.nodeId)) {
                    return false;
                  }
                }
                return true;
              });
    } catch (ConditionTimeoutException e) {
      StringBuilder state = new StringBuilder("ring not formed; last views:\n");
      last.forEach((peer, view) -> state.append(peer).append(": ").append(view).append('\n'));
      for (Peer peer : group) {
        state.append("--- ").append(peer).append(" log:\n").append(peer.process.tail());
      }
      throw new AssertionError(state.toString(), e);
    }
  }

  private static List<Peer> sortedByNodeId(List<Peer> group) {
    // fixed-width lower-case hex: string order is numeric order
    return group.stream().sorted((a, b) -> a.nodeId.compareTo(b.nodeId)).toList();
  }

  // --- client protocol ---------------------------------------------------------------------------

  private static Message request(MessageType type, org.p2psip.protocol.attribute.Attribute... a) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(a));
  }

  private static ClientInfo loopbackClient() {
    return ClientInfo.of(InetAddress.getLoopbackAddress());
  }

  /** A client joined at {@code peer} (retried while the peer still defers or refuses Joins). */
  private HostPeerClient joinedClient(Peer peer) {
    HostPeerClient client = HostPeerClient.connect("127.0.0.1", peer.clientPort).block();
    clients.add(client);
    String[] last = {""};
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Message answer =
                    client.request(request(MessageType.JOIN, loopbackClient())).block();
                last[0] = describe(answer);
                return code(answer) == 200;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Join at " + peer + " not accepted: " + last[0], e);
    }
    return client;
  }

  private Id128 record(int i) {
    return ResourceIds.of("ring-user" + i + "-" + run + "@example.org");
  }

  private static Octets contact(int i) {
    return Octets.utf8("sip:ring-user" + i + "@192.0.2." + (i % 250 + 1));
  }

  private Message put(int i) {
    return request(
        MessageType.PUT,
        new ResourceInfo(
            ValueType.SIP_CONTACT_URI.code(), record(i), 3600L, null, null, contact(i)));
  }

  private Message get(int i) {
    return request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, record(i)));
  }

  private static int code(Message answer) {
    return answer.response() == null ? -1 : answer.response().code();
  }

  private static String describe(Message answer) {
    return answer.response() == null
        ? "no Response attribute"
        : answer.response().code() + "/" + answer.response().subCode();
  }

  private record ReadResult(Map<String, String> failed, long retried, long slowestMillis) {}

  /**
   * Reads every record through every peer of {@code group} (its reader client), each GET retried
   * until it answers 200 with the right content or {@code patience} is spent.
   */
  private ReadResult readEverything(List<Peer> group, Duration patience) {
    Map<String, String> failed = new ConcurrentHashMap<>();
    AtomicLong retried = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    Flux.fromIterable(group)
        .flatMap(
            peer ->
                Flux.range(0, RECORDS)
                    .flatMap(
                        i -> readUntilFound(peer, i, patience, failed, retried, slowest),
                        IN_FLIGHT))
        .blockLast(Duration.ofMinutes(10));
    if (!failed.isEmpty()) {
      System.out.println(
          "[ring] "
              + failed.size()
              + " reads failed, e.g. "
              + failed.entrySet().stream().limit(10).toList());
    }
    return new ReadResult(failed, retried.get(), slowest.get());
  }

  private Mono<Long> readUntilFound(
      Peer peer,
      int i,
      Duration patience,
      Map<String, String> failed,
      AtomicLong retried,
      AtomicLong slowest) {
    HostPeerClient reader = readers.get(peer);
    Octets expected = contact(i);
    long started = System.nanoTime();
    String[] last = {"none"};
    long[] attempts = {0};
    return Mono.defer(
            () -> {
              attempts[0]++;
              return reader.request(get(i));
            })
        .flatMap(
            answer -> {
              boolean found =
                  code(answer) == 200
                      && answer.all(ResourceInfo.class).stream()
                          .anyMatch(object -> expected.equals(object.content()));
              if (found) {
                return Mono.just(answer);
              }
              last[0] = describe(answer);
              return Mono.error(new IllegalStateException(last[0]));
            })
        .doOnError(error -> last[0] = error.toString())
        .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(250)))
        .timeout(patience)
        .map(
            answer -> {
              long millis = millisSince(started);
              slowest.accumulateAndGet(millis, Math::max);
              if (attempts[0] > 1) {
                retried.incrementAndGet();
              }
              return millis;
            })
        .onErrorResume(
            error -> {
              failed.put(peer.name + "/record " + i, last[0] + " after " + attempts[0] + " tries");
              return Mono.empty();
            });
  }

  // --- stores ------------------------------------------------------------------------------------

  private static String databaseUrl(int database) {
    return TestRedis.url() + "/" + database;
  }

  private static void withRedis(
      String url, Consumer<StatefulRedisConnection<String, String>> work) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      work.accept(connection);
    } finally {
      client.shutdown();
    }
  }

  /** The Resource-IDs in the overlay store of {@code peer} (one hash per Resource-ID). */
  private static Set<String> storedIds(Peer peer) {
    Set<String> ids = new HashSet<>();
    withRedis(
        peer.redisUrl,
        redis -> {
          for (String key : redis.sync().keys(STORE_OBJECTS + "*")) {
            ids.add(key.substring(STORE_OBJECTS.length()));
          }
        });
    return ids;
  }

  /**
   * Waits until every record is in the stores of at least R peers of {@code group} and, more
   * precisely, in the store of each peer of its replica set (docs/peer-protocol.md 3.1: the first
   * peer whose Node-ID equals or follows the Resource-ID, then its next R - 1 successors). Stores
   * may keep copies outside their range for a while (5.8), so the first count alone could be met by
   * stale copies; the second is what repair and handover must achieve.
   */
  private void awaitCopies(List<Peer> group, Duration patience) {
    List<Peer> ring = sortedByNodeId(group);
    long[] missingNow = {RECORDS, RECORDS};
    String[] perPeer = {""};
    try {
      await()
          .atMost(patience)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Map<Peer, Set<String>> stores = new HashMap<>();
                StringBuilder sizes = new StringBuilder();
                for (Peer peer : ring) {
                  stores.put(peer, storedIds(peer));
                  sizes.append(peer).append('=').append(stores.get(peer).size()).append(' ');
                }
                perPeer[0] = sizes.toString();
                long fewerThanR = 0;
                long misplaced = 0;
                for (int i = 0; i < RECORDS; i++) {
                  String id = record(i).hex();
                  long copies = stores.values().stream().filter(ids -> ids.contains(id)).count();
                  if (copies < REPLICATION) {
                    fewerThanR++;
                  }
                  for (Peer replica : replicaSet(ring, id)) {
                    if (!stores.get(replica).contains(id)) {
                      misplaced++;
                      break;
                    }
                  }
                }
                missingNow[0] = fewerThanR;
                missingNow[1] = misplaced;
                return fewerThanR == 0 && misplaced == 0;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          missingNow[0]
              + " records with fewer than "
              + REPLICATION
              + " copies, "
              + missingNow[1]
              + " missing from a peer of their replica set; Resource-IDs per store: "
              + perPeer[0],
          e);
    }
    System.out.println("[ring] Resource-IDs per store: " + perPeer[0]);
  }

  /** Responsible(id) and its next R - 1 successors in {@code ring} (sorted by Node-ID). */
  private static List<Peer> replicaSet(List<Peer> ring, String id) {
    int responsible = 0;
    while (responsible < ring.size() && ring.get(responsible).nodeId.compareTo(id) < 0) {
      responsible++;
    }
    List<Peer> set = new ArrayList<>();
    for (int i = 0; i < Math.min(REPLICATION, ring.size()); i++) {
      set.add(ring.get((responsible + i) % ring.size()));
    }
    return set;
  }

  private static Process startRedis(int port) throws Exception {
    Path dir = Files.createTempDirectory("p2psip-ring-redis");
    Path logs = Path.of("target", "system");
    Files.createDirectories(logs);
    Process redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("ring-peer-7-redis.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              String[] pong = {""};
              withRedis("redis://127.0.0.1:" + port, r -> pong[0] = r.sync().ping());
              return "PONG".equals(pong[0]);
            });
    return redis;
  }

  // --- figures -----------------------------------------------------------------------------------

  private void figure(String name, Object value) {
    figures.put(name, String.valueOf(value));
    System.out.println("[ring] " + name + ": " + value);
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
