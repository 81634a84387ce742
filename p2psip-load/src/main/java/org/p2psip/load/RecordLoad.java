package org.p2psip.load;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

/**
 * Records through one host peer or a ring of them: joined connections spread evenly over the host
 * peers' client ports, each a closed loop of
 *
 * <ul>
 *   <li>{@link #puts}: Puts of one object each under a Resource-ID never used before (a new object,
 *       routed to the peer responsible and replicated there), or
 *   <li>{@link #gets}: Gets of Resource-IDs chosen at random among {@code keys} that are put first
 *       (not measured), so that with many keys most Gets miss the host peer's cache. A Get whose
 *       answer holds no object counts as an error ({@code "empty"}).
 * </ul>
 *
 * or, {@link #fill}, just those {@code keys} Puts, timed as a whole.
 *
 * <p>Resource-IDs are the first 16 bytes of SHA-256(run, index): spread evenly over the ring.
 */
public final class RecordLoad {

  private final List<InetSocketAddress> peers;
  private final Octets value;
  private final long run = ThreadLocalRandom.current().nextLong();

  public RecordLoad(List<InetSocketAddress> peers, int valueBytes) {
    this.peers = List.copyOf(peers);
    byte[] bytes = new byte[valueBytes];
    new Random(1).nextBytes(bytes);
    this.value = Octets.wrap(bytes);
  }

  private Id128 resource(long index) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(ByteBuffer.allocate(16).putLong(run).putLong(index).array());
      return Id128.of(Arrays.copyOf(digest, Id128.LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Message put(long index) {
    return Message.clientRequest(
        MessageType.PUT, ResourceInfo.put(ValueType.OPAQUE, resource(index), 3600, null, value));
  }

  private Message get(long index) {
    return Message.clientRequest(
        MessageType.GET, ResourceInfo.query(ValueType.OPAQUE, resource(index)));
  }

  /**
   * {@code connections} joined connections split over the peers, the first ones one more if uneven.
   */
  private Mono<List<HostPeerClient>> clients(int connections) {
    return Flux.range(0, peers.size())
        .concatMap(
            p -> {
              int count = connections / peers.size() + (p < connections % peers.size() ? 1 : 0);
              InetSocketAddress peer = peers.get(p);
              return new LoadGenerator(peer.getHostString(), peer.getPort())
                  .joinedClients(count)
                  .flatMapMany(Flux::fromIterable);
            })
        .collectList();
  }

  /** Closed-loop Puts, each of a new Resource-ID. */
  public Mono<LoadReport> puts(int connections, Duration warmup, Duration measure) {
    AtomicLong next = new AtomicLong();
    return clients(connections)
        .flatMap(
            clients ->
                LoadGenerator.closedLoop(
                        clients, () -> put(next.getAndIncrement()), warmup, measure)
                    .doFinally(signal -> clients.forEach(HostPeerClient::close)))
        .map(
            result ->
                LoadReport.of(
                    "put",
                    connections,
                    measure,
                    result.sorted(),
                    result.errors(),
                    result.errorsByCode()));
  }

  /** Puts {@code keys} objects as fast as they are acknowledged; the whole time is measured. */
  public Mono<LoadReport> fill(int connections, int keys) {
    return clients(connections)
        .flatMap(
            clients -> {
              long start = System.nanoTime();
              return fill(clients, keys)
                  .map(
                      result ->
                          LoadReport.of(
                              "fill",
                              connections,
                              Duration.ofNanos(System.nanoTime() - start),
                              result.sorted(),
                              result.errors(),
                              result.errorsByCode()))
                  .doFinally(signal -> clients.forEach(HostPeerClient::close));
            });
  }

  /**
   * Puts {@code keys} objects first (not measured; failures reported as {@code "fill-<code>"}),
   * then measures closed-loop Gets of random ones among them.
   */
  public Mono<LoadReport> gets(int connections, int keys, Duration warmup, Duration measure) {
    return clients(connections)
        .flatMap(
            clients ->
                fill(clients, keys)
                    .flatMap(
                        filled ->
                            LoadGenerator.closedLoop(
                                    clients,
                                    () -> get(ThreadLocalRandom.current().nextInt(keys)),
                                    RecordLoad::emptyOrFailure,
                                    warmup,
                                    measure)
                                .map(read -> Tuples.of(filled, read)))
                    .doFinally(signal -> clients.forEach(HostPeerClient::close)))
        .map(
            results ->
                LoadReport.of(
                    "get",
                    connections,
                    measure,
                    results.getT2().sorted(),
                    results.getT1().errors() + results.getT2().errors(),
                    (results.getT2().errorsByCode()
                            + (results.getT1().errors() == 0
                                ? ""
                                : " fill " + results.getT1().errorsByCode()))
                        .trim()));
  }

  /** Connection c puts keys c, c + connections, ..., one at a time. */
  private Mono<LoadGenerator.Result> fill(List<HostPeerClient> clients, int keys) {
    Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
    List<Latencies> all = new ArrayList<>();
    int n = clients.size();
    return Flux.range(0, n)
        .flatMap(
            c -> {
              Latencies latencies = new Latencies();
              synchronized (all) {
                all.add(latencies);
              }
              return Flux.range(0, (keys - c + n - 1) / n)
                  .concatMap(
                      j -> {
                        long sent = System.nanoTime();
                        return clients
                            .get(c)
                            .request(put(c + (long) j * n))
                            .doOnNext(
                                answer -> {
                                  String failure = LoadGenerator.failure(answer);
                                  if (failure == null) {
                                    latencies.add(System.nanoTime() - sent);
                                  } else {
                                    errors
                                        .computeIfAbsent(failure, k -> new LongAdder())
                                        .increment();
                                  }
                                })
                            .onErrorResume(
                                error -> {
                                  errors
                                      .computeIfAbsent("no-answer", k -> new LongAdder())
                                      .increment();
                                  return Mono.empty();
                                });
                      });
            },
            n)
        .then(Mono.fromSupplier(() -> LoadGenerator.result(all, errors)));
  }

  private static @Nullable String emptyOrFailure(Message answer) {
    String failure = LoadGenerator.failure(answer);
    if (failure == null && answer.all(ResourceInfo.class).isEmpty()) {
      return "empty";
    }
    return failure;
  }
}
