package org.p2psip.client.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psip.protocol.probe.Probe;
import org.p2psip.protocol.probe.ProbeAnswer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;
import reactor.netty.udp.UdpClient;

/**
 * Measures RTTs with the probe of PROTOCOL.md section 5 over UDP, to landmarks and to candidate
 * foci alike: {@code k} probes to each target, each with a timeout, the minimum kept (queueing only
 * ever adds delay). A target that never answers gets NaN, which coordinate computation and focus
 * choice leave out.
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
    return UdpClient.create()
        .remoteAddress(() -> target)
        .connect()
        .flatMap(
            connection -> {
              Map<Long, MonoSink<Long>> pending = new ConcurrentHashMap<>();
              connection
                  .inbound()
                  .receiveObject()
                  .subscribe(
                      message -> {
                        ByteBuf content =
                            message instanceof DatagramPacket packet
                                ? packet.content()
                                : (ByteBuf) message;
                        ProbeAnswer answer = ProbeAnswer.decode(content);
                        long now = System.nanoTime();
                        if (answer != null) {
                          MonoSink<Long> sink = pending.remove(answer.sequence());
                          if (sink != null) {
                            sink.success(now - answer.senderTimestamp());
                          }
                        }
                      },
                      // ICMP port unreachable and the like: nobody answers there, the pending
                      // probes end by their timeout and the target is reported as NaN
                      error -> {});
              AtomicLong sequence = new AtomicLong();
              return Flux.range(0, probesPerTarget)
                  .concatMap(
                      i ->
                          probe(connection, pending, sequence.incrementAndGet())
                              .delaySubscription(i == 0 ? Duration.ZERO : spacing))
                  .map(nanos -> nanos / 1e6)
                  .reduce(Math::min)
                  .defaultIfEmpty(Double.NaN)
                  .doFinally(signal -> connection.dispose());
            })
        .onErrorReturn(Double.NaN);
  }

  private Mono<Long> probe(Connection connection, Map<Long, MonoSink<Long>> pending, long seq) {
    return Mono.<Long>create(
            sink -> {
              pending.put(seq, sink);
              sink.onDispose(() -> pending.remove(seq));
              connection
                  .outbound()
                  .sendObject(Unpooled.wrappedBuffer(new Probe(seq, System.nanoTime()).encode()))
                  .then()
                  .subscribe(null, sink::error);
            })
        .timeout(timeout, Mono.empty());
  }
}
