package org.p2psip.load;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Load over real sockets in the client protocol. Every connection joins first, then:
 *
 * <ul>
 *   <li>{@link #gets}: a closed loop of Gets of one stored object (one outstanding request per
 *       connection), as fast as the peer answers;
 *   <li>{@link #keepAlives}: each client idle but for a Keep-alive every interval, spread evenly,
 *       as a peer full of quiet clients sees them.
 * </ul>
 *
 * Latency is measured from writing a request to reading its answer, in the generator's process.
 */
public final class LoadGenerator {

  private final String host;
  private final int port;
  private final List<InetAddress> sources;

  public LoadGenerator(String host, int port) {
    this(host, port, List.of());
  }

  /**
   * With {@code sources}, connection i is made from {@code sources[i mod n]}: past the ephemeral
   * port range of one source address (about 28,000 connections to one peer port on Linux).
   */
  public LoadGenerator(String host, int port, List<InetAddress> sources) {
    this.host = host;
    this.port = port;
    this.sources = List.copyOf(sources);
  }

  private @Nullable InetAddress source(int connection) {
    return sources.isEmpty() ? null : sources.get(connection % sources.size());
  }

  private static Message request(MessageType type, ResourceInfo... objects) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(objects));
  }

  /** Opens {@code count} connections, at most 200 handshakes at a time, each joined. */
  public Mono<List<HostPeerClient>> joinedClients(int count) {
    ClientInfo client = ClientInfo.of(InetAddress.getLoopbackAddress());
    return Flux.range(0, count)
        .flatMap(
            i ->
                HostPeerClient.connect(host, port, null, Duration.ofSeconds(10), source(i))
                    .flatMap(
                        c ->
                            c.request(
                                    new Message(
                                        Header.clientRequest(
                                            MessageType.JOIN, TransactionIds.next()),
                                        List.of(client)))
                                .filter(answer -> answer.response().code() == 200)
                                .switchIfEmpty(
                                    Mono.error(new IllegalStateException("Join refused")))
                                .thenReturn(c)),
            200)
        .collectList();
  }

  /** Stores one object of {@code valueBytes} random bytes, then measures Gets of it. */
  public Mono<LoadReport> gets(int connections, int valueBytes, Duration warmup, Duration measure) {
    byte[] value = new byte[valueBytes];
    new Random(1).nextBytes(value);
    Id128 resource = Id128.random();
    return joinedClients(connections)
        .flatMap(
            clients ->
                clients
                    .get(0)
                    .request(
                        request(
                            MessageType.PUT,
                            new ResourceInfo(
                                ValueType.OPAQUE.code(),
                                resource,
                                3600L,
                                null,
                                null,
                                Octets.wrap(value))))
                    .then(
                        closedLoop(
                            clients,
                            () ->
                                request(
                                    MessageType.GET,
                                    ResourceInfo.query(ValueType.OPAQUE, resource)),
                            warmup,
                            measure))
                    .doFinally(signal -> clients.forEach(HostPeerClient::close)))
        .map(
            result ->
                LoadReport.of(
                    "get",
                    connections,
                    measure,
                    result.sorted,
                    result.errors,
                    result.errorsByCode));
  }

  record Result(long[] sorted, long errors, String errorsByCode) {}

  /** The code of a non-200 answer ({@code "407"}, {@code "408/3"}); null for a 200. */
  static @Nullable String failure(Message answer) {
    ResponseAttribute response = answer.response();
    if (response == null) {
      return "none";
    }
    if (response.code() == 200) {
      return null;
    }
    return response.subCode() == null
        ? Integer.toString(response.code())
        : response.code() + "/" + response.subCode();
  }

  static Mono<Result> closedLoop(
      List<HostPeerClient> clients, Supplier<Message> next, Duration warmup, Duration measure) {
    return closedLoop(clients, next, LoadGenerator::failure, warmup, measure);
  }

  /**
   * One request outstanding per client until warm-up and measurement are over. {@code failed} names
   * what is wrong with an answer (null: nothing); every failure counts, warm-up included, by name;
   * a request that got no answer counts as {@code "no-answer"}.
   */
  static Mono<Result> closedLoop(
      List<HostPeerClient> clients,
      Supplier<Message> next,
      Function<Message, @Nullable String> failed,
      Duration warmup,
      Duration measure) {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
    List<Latencies> all = new ArrayList<>();
    return Flux.fromIterable(clients)
        .flatMap(
            client -> {
              Latencies latencies = new Latencies();
              synchronized (all) {
                all.add(latencies);
              }
              return Mono.defer(
                      () -> {
                        long sent = System.nanoTime();
                        return client
                            .request(next.get())
                            .doOnNext(
                                answer -> {
                                  long now = System.nanoTime();
                                  String failure = failed.apply(answer);
                                  if (failure != null) {
                                    errors
                                        .computeIfAbsent(failure, k -> new LongAdder())
                                        .increment();
                                  } else if (sent >= measureFrom && now <= end) {
                                    latencies.add(now - sent);
                                  }
                                })
                            .onErrorResume(
                                error -> {
                                  errors
                                      .computeIfAbsent("no-answer", k -> new LongAdder())
                                      .increment();
                                  return Mono.empty();
                                });
                      })
                  .repeat(() -> System.nanoTime() < end)
                  .then();
            },
            clients.size())
        .then(Mono.fromSupplier(() -> result(all, errors)));
  }

  static Result result(List<Latencies> all, Map<String, LongAdder> errors) {
    return new Result(
        Latencies.merge(all),
        errors.values().stream().mapToLong(LongAdder::sum).sum(),
        errors.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue().sum())
            .collect(Collectors.joining(" ")));
  }

  /**
   * {@code count} joined clients, each sending a Keep-alive every {@code interval} (first one at a
   * random moment of the first interval, so the load is even), for {@code measure}.
   */
  public Mono<LoadReport> keepAlives(int count, Duration interval, Duration measure) {
    return joinedClients(count)
        .flatMap(
            clients -> {
              AtomicLong errors = new AtomicLong();
              List<Latencies> all = new ArrayList<>();
              long end = System.nanoTime() + measure.toNanos();
              return Flux.fromIterable(clients)
                  .flatMap(
                      client -> {
                        Latencies latencies = new Latencies();
                        synchronized (all) {
                          all.add(latencies);
                        }
                        long offset = ThreadLocalRandom.current().nextLong(interval.toMillis());
                        return Flux.interval(Duration.ofMillis(offset), interval)
                            .takeWhile(tick -> System.nanoTime() < end)
                            .concatMap(
                                tick -> {
                                  long sent = System.nanoTime();
                                  return client
                                      .request(request(MessageType.KEEPALIVE))
                                      .doOnNext(
                                          answer -> {
                                            if (answer.response().code() == 200) {
                                              latencies.add(System.nanoTime() - sent);
                                            } else {
                                              errors.incrementAndGet();
                                            }
                                          })
                                      .onErrorResume(
                                          error -> {
                                            errors.incrementAndGet();
                                            return Mono.empty();
                                          });
                                })
                            .then();
                      },
                      clients.size())
                  .then(
                      Mono.fromSupplier(
                          () ->
                              LoadReport.of(
                                  "keepalive", count, measure, Latencies.merge(all), errors.get())))
                  .doFinally(signal -> clients.forEach(HostPeerClient::close));
            });
  }
}
