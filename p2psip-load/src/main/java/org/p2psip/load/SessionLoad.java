package org.p2psip.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sustained records load through the SDK: {@code sessions} overlay sessions (each ranks the
 * bootstrap peers and joins the best; equally good peers share the sessions), each a closed loop of
 * a Put (a refresh after the first) of its own record followed by a Get of it. Each Put and each
 * Get counts as one request.
 */
public final class SessionLoad {

  private static final AtomicReference<String> FIRST_FAILURE = new AtomicReference<>();

  private SessionLoad() {}

  /**
   * @param chap credentials every session answers a CHAP challenge with, or null
   */
  public static Mono<LoadReport> run(
      List<InetSocketAddress> peers,
      int sessions,
      @Nullable ChapCredentials chap,
      Duration warmup,
      Duration measure) {
    OverlaySession.Settings settings =
        new OverlaySession.Settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10), chap);
    return Flux.range(0, sessions)
        .flatMap(i -> OverlaySession.open(peers, settings, event -> {}), 16)
        .collectList()
        .flatMap(
            opened -> {
              long from = System.nanoTime() + warmup.toNanos();
              long end = from + measure.toNanos();
              AtomicLong errors = new AtomicLong();
              List<Latencies> all = new ArrayList<>();
              return Flux.fromIterable(opened)
                  .flatMap(
                      session -> {
                        Latencies own = new Latencies();
                        synchronized (all) {
                          all.add(own);
                        }
                        Id128 resource = Id128.random();
                        // the same value each time: every Put after the first refreshes the
                        // object (a new value each time would soon hit the per-name limit)
                        Octets value = Octets.utf8("sip:load-" + resource.hex() + "@192.0.2.1");
                        return Mono.defer(
                                () -> {
                                  return timed(
                                          session,
                                          Message.clientRequest(
                                              MessageType.PUT,
                                              ResourceInfo.put(
                                                  ValueType.SIP_CONTACT_URI,
                                                  resource,
                                                  300,
                                                  null,
                                                  value)),
                                          own,
                                          errors,
                                          from)
                                      .then(
                                          timed(
                                              session,
                                              Message.clientRequest(
                                                  MessageType.GET,
                                                  ResourceInfo.query(
                                                      ValueType.SIP_CONTACT_URI, resource)),
                                              own,
                                              errors,
                                              from));
                                })
                            .repeat(() -> System.nanoTime() < end)
                            .then();
                      },
                      sessions)
                  .then(
                      Mono.fromCallable(
                          () -> {
                            opened.forEach(OverlaySession::close);
                            return LoadReport.of(
                                "session-put-get",
                                sessions,
                                measure,
                                Latencies.merge(all),
                                errors.get());
                          }));
            });
  }

  private static Mono<Void> timed(
      OverlaySession session, Message request, Latencies own, AtomicLong errors, long from) {
    long started = System.nanoTime();
    return session
        .request(request)
        .map(
            answer -> {
              boolean ok = answer.response().code() == 200;
              if (!ok && FIRST_FAILURE.compareAndSet(null, answer.toString())) {
                System.err.println("first refusal: " + answer + " to " + request);
              }
              return ok;
            })
        .onErrorReturn(false)
        .doOnNext(
            ok -> {
              if (started >= from) {
                if (ok) {
                  own.add(System.nanoTime() - started);
                } else {
                  errors.incrementAndGet();
                }
              }
            })
        .then();
  }
}
