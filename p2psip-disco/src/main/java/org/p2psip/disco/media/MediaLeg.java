package org.p2psip.disco.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;
import reactor.util.concurrent.Queues;

/**
 * One RTP session of a focus (a participant's call, or the relay to a peer focus): its own UDP
 * socket (Reactor Netty), the far end's address and G.711 payload type from SDP, a jitter buffer
 * for what comes in and a sender for what the mixer gives it. Packets are taken only from the far
 * end's address once it is known (so a stranger who guesses the port cannot talk into the
 * conference) and only of the negotiated payload type; anything else is counted and dropped.
 */
public final class MediaLeg implements AutoCloseable {

  /** What a leg hears in the mix (ConferenceMedia). */
  public enum Role {
    /** A participant's call: hears every other participant and every peer focus. */
    PARTICIPANT,
    /** The relay to a peer focus: hears this focus's participants only, so nothing loops. */
    RELAY
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int JITTER_DEPTH = 3; // 60 ms

  private final String name;
  private final Role role;
  private final Connection socket;
  private final Sinks.Many<byte[]> outgoing =
      Sinks.many().unicast().onBackpressureBuffer(Queues.<byte[]>get(64).get());
  private final JitterBuffer jitter = new JitterBuffer(JITTER_DEPTH);
  private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
  private int sequence = RANDOM.nextInt(1 << 16);
  private long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
  private boolean first = true;
  private volatile @Nullable InetSocketAddress remote;
  private volatile int payloadType = RtpPacket.PCMU;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();

  private MediaLeg(String name, Role role, String bindAddress) {
    this.name = name;
    this.role = role;
    this.socket =
        UdpServer.create()
            .host(bindAddress)
            .port(0)
            .handle(
                (in, out) ->
                    Mono.when(
                        in.receiveObject()
                            .cast(DatagramPacket.class)
                            .doOnNext(this::received)
                            .then(),
                        out.sendObject(
                                outgoing
                                    .asFlux()
                                    .map(
                                        bytes ->
                                            new DatagramPacket(
                                                Unpooled.wrappedBuffer(bytes), remoteOrSelf())))
                            .then()))
            .bindNow(Duration.ofSeconds(10));
  }

  /**
   * Binds a new leg's socket on {@code bindAddress}, any free port. Waits for the bind: call it off
   * the event loops (SIP threads, boundedElastic).
   */
  static MediaLeg bind(String name, Role role, String bindAddress) {
    return new MediaLeg(name, role, bindAddress);
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  /** The port its SDP names. */
  public int port() {
    return ((InetSocketAddress) socket.channel().localAddress()).getPort();
  }

  /**
   * Where the far end receives and which G.711 type both ends use (from the SDP offer or answer):
   * from now on the leg sends the mix there and takes that address's packets.
   */
  public void connect(InetSocketAddress farEnd, int negotiatedType) {
    this.payloadType = negotiatedType;
    this.remote = farEnd;
  }

  public boolean connected() {
    return remote != null;
  }

  /** Packets taken, packets dropped (not RTP, a stranger's, another payload type), packets sent. */
  public record Counts(long received, long dropped, long sent) {}

  public Counts counts() {
    return new Counts(received.get(), dropped.get(), sent.get());
  }

  private void received(DatagramPacket datagram) {
    InetSocketAddress from = datagram.sender();
    InetSocketAddress expected = remote;
    // the far end's address, not its port: RTP does not require sending from the port one
    // receives on (RFC 3550 makes it a recommendation; SIPp's pcap player does not)
    if (expected == null || !expected.getAddress().equals(from.getAddress())) {
      dropped.incrementAndGet();
      return;
    }
    ByteBuf content = datagram.content();
    byte[] bytes = new byte[content.readableBytes()];
    content.getBytes(content.readerIndex(), bytes);
    RtpPacket packet;
    try {
      packet = RtpPacket.read(bytes, bytes.length);
    } catch (InvalidRtp e) {
      dropped.incrementAndGet();
      return;
    }
    if (packet.payloadType() != payloadType) {
      dropped.incrementAndGet(); // comfort noise, DTMF events, another codec: not mixed
      return;
    }
    short[] samples = G711.decode(packet.payloadType(), packet.payload());
    synchronized (jitter) {
      jitter.offer(packet.ssrc(), packet.timestamp(), samples);
    }
    received.incrementAndGet();
  }

  /** This tick's frame of what the far end said, or null (silence). */
  short @Nullable [] poll() {
    synchronized (jitter) {
      return jitter.poll();
    }
  }

  /** Sends one 20 ms frame of the mix (only once connected). */
  void send(short[] frame) {
    if (remote == null) {
      return;
    }
    RtpPacket packet =
        new RtpPacket(
            payloadType, first, sequence, timestamp, ssrc, G711.encode(payloadType, frame));
    first = false;
    sequence = (sequence + 1) & 0xFFFF;
    timestamp = (timestamp + JitterBuffer.FRAME) & 0xFFFF_FFFFL;
    if (outgoing.tryEmitNext(packet.write()).isSuccess()) {
      sent.incrementAndGet();
    }
  }

  private InetSocketAddress remoteOrSelf() {
    InetSocketAddress to = remote;
    return to != null ? to : (InetSocketAddress) socket.channel().localAddress();
  }

  /** Closes the socket; it is released asynchronously, so this never blocks the caller. */
  @Override
  public void close() {
    outgoing.tryEmitComplete();
    socket.dispose();
  }
}
