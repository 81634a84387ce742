package org.p2psip.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psip.probe.ProbeChannel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closed-loop RTT probes over UDP: {@code flows} sockets, each with one probe outstanding, the next
 * sent as soon as the answer arrives (or the timeout passes, counted as an error). Against a
 * landmark it measures the probe responder; against a plain UDP echo ({@link UdpEcho}) the same
 * path without it, so the difference is what the responder adds.
 */
public final class ProbeLoad {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private ProbeLoad() {}

  public static Mono<LoadReport> run(
      String scenario,
      InetSocketAddress target,
      boolean echo,
      int flows,
      Duration warmup,
      Duration measure) {
    return Flux.range(0, flows)
        .concatMap(i -> ProbeChannel.connect(target, echo))
        .collectList()
        .flatMap(
            channels -> {
              long measureFrom = System.nanoTime() + warmup.toNanos();
              long end = measureFrom + measure.toNanos();
              AtomicLong errors = new AtomicLong();
              List<Latencies> latencies = new ArrayList<>();
              return Flux.fromIterable(channels)
                  .flatMap(
                      channel -> {
                        Latencies own = new Latencies();
                        synchronized (latencies) {
                          latencies.add(own);
                        }
                        return Mono.defer(() -> channel.probe(TIMEOUT))
                            .doOnNext(
                                rtt -> {
                                  if (System.nanoTime() >= measureFrom) {
                                    own.add(rtt);
                                  }
                                })
                            .switchIfEmpty(
                                Mono.fromRunnable(
                                    () -> {
                                      if (System.nanoTime() >= measureFrom) {
                                        errors.incrementAndGet();
                                      }
                                    }))
                            .repeat(() -> System.nanoTime() < end)
                            .then();
                      },
                      flows)
                  .then(
                      Mono.fromCallable(
                          () ->
                              LoadReport.of(
                                  scenario,
                                  flows,
                                  measure,
                                  Latencies.merge(latencies),
                                  errors.get())))
                  .doFinally(signal -> channels.forEach(ProbeChannel::close));
            });
  }
}
