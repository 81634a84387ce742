package org.p2psip.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.probe.Probe;
import org.p2psip.protocol.probe.ProbeAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpServer;
import reactor.netty.udp.UdpServer;

/**
 * Answers RTT probes on one port, over UDP (a datagram is a probe) and TCP (each probe and answer
 * prefixed by its uint16 length), docs/protocol.md section 5. Landmarks run it, and so does a
 * focus, so that joiners can confirm their shortlist by direct probes. Invalid probes are dropped
 * (UDP) or end the connection (TCP), counted, never answered; sources over their rate are dropped
 * and counted.
 */
public final class ProbeResponder {

  private static final Logger log = LoggerFactory.getLogger(ProbeResponder.class);

  /**
   * How a responder listens and answers.
   *
   * @param id the id answers carry
   * @param bindAddress the address to bind, UDP and TCP
   * @param port the port, UDP and TCP; 0 picks a free one (the TCP one, then UDP on the same)
   * @param probesPerSecond probes one source address may send per second (a token bucket)
   * @param burst how many probes a source may send at once
   * @param replyDelay added before each answer; zero in production (a test aid that makes RTTs
   *     differ on one machine; the landmark service refuses it outside test and dev profiles)
   */
  public record Settings(
      String id,
      String bindAddress,
      int port,
      int probesPerSecond,
      int burst,
      Duration replyDelay) {

    public Settings {
      replyDelay = replyDelay == null ? Duration.ZERO : replyDelay;
      if (replyDelay.isNegative()) {
        throw new IllegalArgumentException("reply delay must not be negative");
      }
    }
  }

  /** What happened to probes, for metrics. */
  public interface Listener {
    /** A probe over {@code transport} ("udp" or "tcp") had {@code outcome}. */
    void probe(String transport, Outcome outcome);

    Listener NONE = (transport, outcome) -> {};
  }

  /** The fate of one received datagram or frame. */
  public enum Outcome {
    ANSWERED,
    INVALID,
    RATE_LIMITED
  }

  private final Settings settings;
  private final Listener listener;
  private final SourceRateLimiter limiter;
  private volatile @Nullable Connection udp;
  private volatile @Nullable DisposableServer tcp;

  public ProbeResponder(Settings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
    this.limiter = new SourceRateLimiter(settings.probesPerSecond(), settings.burst());
  }

  /** Binds both sockets; returns this for chaining. */
  public ProbeResponder start() {
    tcp =
        TcpServer.create()
            .host(settings.bindAddress())
            .port(settings.port())
            .doOnChannelInit(
                (observer, channel, address) ->
                    channel
                        .pipeline()
                        .addBefore(
                            NettyPipeline.ReactiveBridge,
                            "probe-frames",
                            new LengthFieldBasedFrameDecoder(2 + Probe.MAX_LENGTH, 0, 2, 0, 2))
                        .addBefore(
                            NettyPipeline.ReactiveBridge,
                            "probe-length",
                            new LengthFieldPrepender(2)))
            .handle(
                (in, out) -> {
                  InetAddress source = ((InetSocketAddress) remote(in)).getAddress();
                  return out.send(
                          delayed(
                              in.receive()
                                  .handle(
                                      (frame, sink) -> {
                                        if (Probe.decode(frame) == null) {
                                          listener.probe("tcp", Outcome.INVALID);
                                          // framing of this stream can no longer be trusted
                                          sink.error(new IllegalStateException("invalid probe"));
                                          return;
                                        }
                                        ByteBuf answer = answer(frame, source, true);
                                        if (answer != null) {
                                          sink.next(answer);
                                        }
                                      })))
                      .then()
                      .onErrorResume(error -> Mono.empty());
                })
            .bindNow(Duration.ofSeconds(10));
    udp =
        UdpServer.create()
            .host(settings.bindAddress())
            .port(tcp.port())
            .option(ChannelOption.SO_RCVBUF, 1 << 20)
            .handle(
                (in, out) ->
                    out.sendObject(
                        delayed(
                            in.receiveObject()
                                .cast(DatagramPacket.class)
                                .handle(
                                    (packet, sink) -> {
                                      ByteBuf answer =
                                          answer(
                                              packet.content(),
                                              packet.sender().getAddress(),
                                              false);
                                      if (answer != null) {
                                        sink.next(new DatagramPacket(answer, packet.sender()));
                                      }
                                    }))))
            .bindNow(Duration.ofSeconds(10));
    log.info(
        "{} answering probes on UDP and TCP port {}{}",
        settings.id(),
        port(),
        settings.replyDelay().isZero() ? "" : " with a reply delay of " + settings.replyDelay());
    return this;
  }

  /** Answers as they come, or each after the reply delay (a timer, never a blocked thread). */
  private <T> Flux<T> delayed(Flux<T> answers) {
    Duration delay = settings.replyDelay();
    return delay.isZero() ? answers : answers.flatMap(a -> Mono.just(a).delayElement(delay));
  }

  private static SocketAddress remote(NettyInbound in) {
    SocketAddress[] holder = new SocketAddress[1];
    in.withConnection(connection -> holder[0] = connection.channel().remoteAddress());
    return holder[0];
  }

  /** The answer to a valid probe from an allowed source; null (counted) otherwise. */
  private @Nullable ByteBuf answer(ByteBuf request, InetAddress source, boolean tcp) {
    long receivedAt = System.currentTimeMillis();
    Probe probe = Probe.decode(request);
    String transport = tcp ? "tcp" : "udp";
    if (probe == null) {
      listener.probe(transport, Outcome.INVALID);
      return null;
    }
    if (!limiter.allow(source, System.nanoTime())) {
      listener.probe(transport, Outcome.RATE_LIMITED);
      return null;
    }
    ProbeAnswer answer = probe.answer(receivedAt, settings.id());
    ByteBuf out = ByteBufAllocator.DEFAULT.buffer(answer.encodedLength());
    answer.writeTo(out);
    listener.probe(transport, Outcome.ANSWERED);
    return out;
  }

  /** The bound port (UDP and TCP). */
  public int port() {
    DisposableServer server = tcp;
    return server == null ? -1 : server.port();
  }

  /** Unbinds both sockets. */
  public void stop() {
    if (udp != null) {
      udp.disposeNow(Duration.ofSeconds(5));
    }
    if (tcp != null) {
      tcp.disposeNow(Duration.ofSeconds(5));
    }
    udp = null;
    tcp = null;
  }

  public boolean isRunning() {
    return tcp != null;
  }
}
