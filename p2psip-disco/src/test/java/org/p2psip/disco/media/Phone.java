package org.p2psip.disco.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A test participant's RTP end: sends a tone (or nothing) as G.711 every 20 ms to where the focus
 * receives, and records the samples it is sent.
 */
final class Phone implements AutoCloseable {

  final DatagramChannel socket;
  final int payloadType;
  private final @Nullable Double hertz;
  private short[] heard = new short[0];
  private @Nullable Disposable sending;
  private @Nullable Disposable receiving;

  Phone(int payloadType, @Nullable Double hertz) throws IOException {
    this.payloadType = payloadType;
    this.hertz = hertz;
    this.socket =
        DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress("127.0.0.1", 0));
  }

  /** The tone it sends, or null for a phone that only listens. */
  @Nullable Double hertz() {
    return hertz;
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) socket.getLocalAddress();
  }

  /** Starts talking to {@code focus} and listening. */
  Phone start(InetSocketAddress focus) {
    long ssrc = System.nanoTime() & 0xFFFF_FFFFL;
    sending =
        Flux.interval(Duration.ofMillis(20))
            .subscribe(
                tick -> {
                  if (hertz == null) {
                    return;
                  }
                  long offset = tick * JitterBuffer.FRAME;
                  RtpPacket packet =
                      new RtpPacket(
                          payloadType,
                          tick == 0,
                          (int) (tick & 0xFFFF),
                          offset & 0xFFFF_FFFFL,
                          ssrc,
                          G711.encode(payloadType, Tones.frame(hertz, 8000, offset)));
                  try {
                    socket.send(ByteBuffer.wrap(packet.write()), focus);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
    receiving =
        Flux.<short[]>generate(
                sink -> {
                  ByteBuffer buffer = ByteBuffer.allocate(2048);
                  try {
                    socket.receive(buffer);
                  } catch (IOException e) {
                    sink.complete();
                    return;
                  }
                  buffer.flip();
                  byte[] bytes = new byte[buffer.remaining()];
                  buffer.get(bytes);
                  RtpPacket packet = RtpPacket.read(bytes, bytes.length);
                  sink.next(G711.decode(packet.payloadType(), packet.payload()));
                })
            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
            .subscribe(this::heard, error -> {});
    return this;
  }

  private synchronized void heard(short[] samples) {
    short[] more = Arrays.copyOf(heard, heard.length + samples.length);
    System.arraycopy(samples, 0, more, heard.length, samples.length);
    heard = more;
  }

  /** The last {@code samples} samples it was sent. */
  synchronized short[] lastHeard(int samples) {
    return Arrays.copyOfRange(heard, Math.max(0, heard.length - samples), heard.length);
  }

  synchronized int heardSamples() {
    return heard.length;
  }

  @Override
  public void close() throws IOException {
    if (sending != null) {
      sending.dispose();
    }
    socket.close();
    if (receiving != null) {
      receiving.dispose();
    }
  }
}
