package org.p2psip.landmark.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.p2psip.landmark.LandmarkProperties;
import org.p2psip.protocol.probe.Probe;
import org.p2psip.protocol.probe.ProbeAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpServer;
import reactor.netty.udp.UdpServer;

/**
 * Answers RTT probes on one port, over UDP (a datagram is a probe) and TCP (each probe and answer
 * prefixed by its uint16 length), PROTOCOL.md section 5. Invalid probes are dropped (UDP) or end
 * the connection (TCP), counted, never answered; sources over their rate are dropped and counted.
 */
public final class ProbeResponder implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProbeResponder.class);

  private final LandmarkProperties properties;
  private final String id;
  private final SourceRateLimiter limiter;
  private final Counter answeredUdp;
  private final Counter answeredTcp;
  private final Counter invalidUdp;
  private final Counter invalidTcp;
  private final Counter limited;
  private volatile Connection udp;
  private volatile DisposableServer tcp;

  public ProbeResponder(LandmarkProperties properties, String id, MeterRegistry meters) {
    this.properties = properties;
    this.id = id;
    this.limiter = new SourceRateLimiter(properties.probesPerSecond(), properties.burst());
    this.answeredUdp = counter(meters, "udp", "answered");
    this.answeredTcp = counter(meters, "tcp", "answered");
    this.invalidUdp = counter(meters, "udp", "invalid");
    this.invalidTcp = counter(meters, "tcp", "invalid");
    this.limited = counter(meters, "any", "rate-limited");
  }

  private static Counter counter(MeterRegistry meters, String transport, String outcome) {
    return Counter.builder("p2psip.landmark.probes")
        .tag("transport", transport)
        .tag("outcome", outcome)
        .register(meters);
  }

  @Override
  public void start() {
    tcp =
        TcpServer.create()
            .host(properties.bindAddress())
            .port(properties.port())
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
                  java.net.InetAddress source = ((InetSocketAddress) remote(in)).getAddress();
                  return out.send(
                          in.receive()
                              .handle(
                                  (frame, sink) -> {
                                    if (Probe.decode(frame) == null) {
                                      invalidTcp.increment();
                                      // framing of this stream can no longer be trusted
                                      sink.error(new IllegalStateException("invalid probe"));
                                      return;
                                    }
                                    ByteBuf answer = answer(frame, source, true);
                                    if (answer != null) {
                                      sink.next(answer);
                                    }
                                  }))
                      .then()
                      .onErrorResume(error -> Mono.empty());
                })
            .bindNow(Duration.ofSeconds(10));
    udp =
        UdpServer.create()
            .host(properties.bindAddress())
            .port(tcp.port())
            .option(ChannelOption.SO_RCVBUF, 1 << 20)
            .handle(
                (in, out) ->
                    out.sendObject(
                        in.receiveObject()
                            .cast(DatagramPacket.class)
                            .handle(
                                (packet, sink) -> {
                                  ByteBuf answer =
                                      answer(packet.content(), packet.sender().getAddress(), false);
                                  if (answer != null) {
                                    sink.next(new DatagramPacket(answer, packet.sender()));
                                  }
                                })))
            .bindNow(Duration.ofSeconds(10));
    log.info("landmark {} answering probes on UDP and TCP port {}", id, port());
  }

  private static java.net.SocketAddress remote(reactor.netty.NettyInbound in) {
    java.net.SocketAddress[] holder = new java.net.SocketAddress[1];
    in.withConnection(connection -> holder[0] = connection.channel().remoteAddress());
    return holder[0];
  }

  /** The answer to a valid probe from an allowed source; null (counted) otherwise. */
  private ByteBuf answer(ByteBuf request, java.net.InetAddress source, boolean tcp) {
    long receivedAt = System.currentTimeMillis();
    Probe probe = Probe.decode(request);
    if (probe == null) {
      (tcp ? invalidTcp : invalidUdp).increment();
      return null;
    }
    if (!limiter.allow(source, System.nanoTime())) {
      limited.increment();
      return null;
    }
    ProbeAnswer answer = probe.answer(receivedAt, id);
    ByteBuf out = io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(answer.encodedLength());
    answer.writeTo(out);
    (tcp ? answeredTcp : answeredUdp).increment();
    return out;
  }

  /** The bound port (UDP and TCP). */
  public int port() {
    DisposableServer server = tcp;
    return server == null ? -1 : server.port();
  }

  @Override
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

  @Override
  public boolean isRunning() {
    return tcp != null;
  }
}
