package org.p2psip.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psip.protocol.probe.Probe;
import org.p2psip.protocol.probe.ProbeAnswer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;
import reactor.netty.udp.UdpClient;

/**
 * One UDP socket probing one target (docs/protocol.md section 5): each {@link #probe} sends a probe
 * carrying the send time and completes with the RTT when the answer with its sequence comes back.
 * Answers are matched by sequence, so several probes may be in flight and late answers to given-up
 * probes are ignored.
 */
public final class ProbeChannel implements AutoCloseable {

  private final Connection connection;
  private final boolean acceptEchoes;
  private final Map<Long, MonoSink<Long>> pending = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private ProbeChannel(Connection connection, boolean acceptEchoes) {
    this.connection = connection;
    this.acceptEchoes = acceptEchoes;
    connection
        .inbound()
        .receiveObject()
        .subscribe(
            this::received,
            // ICMP port unreachable and the like: nobody answers there; pending probes end by
            // their timeout and the target is reported as unanswered
            error -> {});
  }

  /**
   * A channel to {@code target}. With {@code acceptEchoes} the probe itself coming back unchanged
   * counts as an answer: only for measuring a plain UDP echo as a baseline (benchmarks).
   */
  public static Mono<ProbeChannel> connect(InetSocketAddress target, boolean acceptEchoes) {
    return UdpClient.create()
        .remoteAddress(() -> target)
        .connect()
        .map(connection -> new ProbeChannel(connection, acceptEchoes));
  }

  private void received(Object message) {
    ByteBuf content =
        message instanceof DatagramPacket packet ? packet.content() : (ByteBuf) message;
    long now = System.nanoTime();
    long seq;
    long sentAt;
    ProbeAnswer answer = ProbeAnswer.decode(content);
    if (answer != null) {
      seq = answer.sequence();
      sentAt = answer.senderTimestamp();
    } else if (acceptEchoes && Probe.decode(content) != null) {
      Probe echoed = Probe.decode(content);
      seq = echoed.sequence();
      sentAt = echoed.senderTimestamp();
    } else {
      return;
    }
    MonoSink<Long> sink = pending.remove(seq);
    if (sink != null) {
      sink.success(now - sentAt);
    }
  }

  /**
   * Sends one probe; its RTT in nanoseconds, or empty when no answer came within {@code timeout}.
   */
  public Mono<Long> probe(Duration timeout) {
    return Mono.<Long>create(
            sink -> {
              long seq = sequence.incrementAndGet() & 0xFFFF_FFFFL;
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

  @Override
  public void close() {
    connection.dispose();
  }
}
