package org.p2psip.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Measures RTTs with the probe of docs/protocol.md section 5 over UDP, to landmarks and to
 * candidate foci alike: {@code k} probes to each target, each with a timeout, the minimum kept
 * (queueing only ever adds delay). A target that never answers gets NaN, which coordinate
 * computation and focus choice leave out.
 */
public final class RttProber {

  private final int probesPerTarget;
  private final Duration timeout;
  private final Duration spacing;

  public RttProber(int probesPerTarget, Duration timeout, Duration spacing) {
    this.probesPerTarget = probesPerTarget;
    this.timeout = timeout;
    this.spacing = spacing;
  }

  /** One RTT per target, in milliseconds, in the order given; NaN where none answered. */
  public Mono<double[]> measure(List<InetSocketAddress> targets) {
    return Flux.fromIterable(targets)
        .concatMap(this::minimumRtt)
        .collectList()
        .map(rtts -> rtts.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The minimum RTT to one target in milliseconds; NaN when no probe was answered. */
  public Mono<Double> minimumRtt(InetSocketAddress target) {
    return Mono.usingWhen(
            ProbeChannel.connect(target, false),
            channel ->
                Flux.range(0, probesPerTarget)
                    .concatMap(
                        i ->
                            channel
                                .probe(timeout)
                                .delaySubscription(i == 0 ? Duration.ZERO : spacing))
                    .map(nanos -> nanos / 1e6)
                    .reduce(Math::min)
                    .defaultIfEmpty(Double.NaN),
            channel -> Mono.fromRunnable(channel::close))
        .onErrorReturn(Double.NaN);
  }
}
