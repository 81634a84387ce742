package org.p2psip.disco.participant;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.media.G711;
import org.p2psip.disco.media.InvalidRtp;
import org.p2psip.disco.media.JitterBuffer;
import org.p2psip.disco.media.RtpPacket;
import org.p2psip.disco.media.Tones;
import org.p2psip.disco.sdp.AudioSdp;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A participant's side of the audio, for a command-line participant with no sound card: it sends a
 * sine tone (or silence) every 20 ms on its call's RTP socket, to wherever the call's focus
 * currently receives (it follows a handed-over call), and keeps the last second of what the focus
 * sends it, so that one can tell which tones the conference carries ({@link #tones}).
 */
public final class ParticipantAudio implements AutoCloseable {

  private static final int KEPT = Tones.RATE; // one second
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A tone found in what was heard, with its amplitude (a full-scale sine is 32,767). */
  public record Tone(int hertz, double amplitude) {}

  private final DatagramChannel socket;
  private final Supplier<AudioSdp.@Nullable Offer> focus;
  private final @Nullable Double hertz;
  private final short[] heard = new short[KEPT];
  private int heardAt;
  private long packets;
  private final Disposable sending;
  private final Disposable receiving;

  private ParticipantAudio(
      DatagramChannel socket, Supplier<AudioSdp.@Nullable Offer> focus, @Nullable Double hertz) {
    this.socket = socket;
    this.focus = focus;
    this.hertz = hertz;
    long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    int firstSequence = RANDOM.nextInt(1 << 16);
    long firstTimestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    this.sending =
        Flux.interval(Duration.ofMillis(20))
            .subscribe(
                tick ->
                    send(
                        ssrc,
                        (int) ((firstSequence + tick) & 0xFFFF),
                        (firstTimestamp + tick * JitterBuffer.FRAME) & 0xFFFF_FFFFL,
                        tick));
    this.receiving =
        Flux.<byte[]>generate(
                sink -> {
                  ByteBuffer buffer = ByteBuffer.allocate(1500);
                  try {
                    socket.receive(buffer);
                  } catch (IOException e) {
                    sink.complete(); // the call closed its socket
                    return;
                  }
                  buffer.flip();
                  byte[] bytes = new byte[buffer.remaining()];
                  buffer.get(bytes);
                  sink.next(bytes);
                })
            .subscribeOn(Schedulers.boundedElastic())
            .subscribe(this::received, error -> {});
  }

  /**
   * Starts talking on {@code socket} (the one the call was placed with: {@link
   * ParticipantCall#join(org.p2psip.disco.sip.SipEndpoint, ParticipantCall.Settings, String,
   * DatagramChannel)}) and listening.
   *
   * @param focus where the focus receives and with which payload types ({@link
   *     ParticipantCall#media}), read anew for every packet
   * @param hertz the tone to send; null: silence
   */
  public static ParticipantAudio start(
      DatagramChannel socket, Supplier<AudioSdp.@Nullable Offer> focus, @Nullable Double hertz) {
    return new ParticipantAudio(socket, focus, hertz);
  }

  private void send(long ssrc, int sequence, long timestamp, long tick) {
    AudioSdp.Offer to = focus.get();
    if (to == null || to.payloadTypes().isEmpty()) {
      return;
    }
    int type = to.payloadTypes().get(0);
    short[] frame =
        hertz == null
            ? new short[JitterBuffer.FRAME]
            : Tones.frame(hertz, 8000, tick * JitterBuffer.FRAME);
    byte[] packet =
        new RtpPacket(type, tick == 0, sequence, timestamp, ssrc, G711.encode(type, frame)).write();
    try {
      socket.send(ByteBuffer.wrap(packet), new InetSocketAddress(to.address(), to.port()));
    } catch (IOException e) {
      // the call is over and its socket closed: the next tick finds nothing to send to
    }
  }

  private void received(byte[] bytes) {
    RtpPacket packet;
    try {
      packet = RtpPacket.read(bytes, bytes.length);
    } catch (InvalidRtp e) {
      return;
    }
    short[] samples = G711.decode(packet.payloadType(), packet.payload());
    synchronized (heard) {
      for (short sample : samples) {
        heard[heardAt] = sample;
        heardAt = (heardAt + 1) % KEPT;
      }
      packets++;
    }
  }

  /** RTP packets the focus has sent it. */
  public long packets() {
    synchronized (heard) {
      return packets;
    }
  }

  /** The amplitude of {@code hertz} in the last second heard. */
  public double amplitudeOf(double hertz) {
    return Tones.amplitude(lastSecond(), hertz);
  }

  /** The root mean square of the last second heard. */
  public double rms() {
    short[] last = lastSecond();
    double power = 0;
    for (short sample : last) {
      power += (double) sample * sample;
    }
    return Math.sqrt(power / last.length);
  }

  /**
   * The tones in the last second heard, loudest first: the peaks of a scan from 100 Hz to 3.5 kHz
   * in 10 Hz steps (Goertzel filters) above {@code threshold} amplitude.
   */
  public List<Tone> tones(double threshold) {
    short[] last = lastSecond();
    int lowest = 100;
    int step = 10;
    double[] amplitudes = new double[(3500 - lowest) / step + 1];
    for (int i = 0; i < amplitudes.length; i++) {
      amplitudes[i] = Tones.amplitude(last, lowest + i * step);
    }
    List<Tone> peaks = new ArrayList<>();
    for (int i = 0; i < amplitudes.length; i++) {
      boolean peak =
          amplitudes[i] >= threshold
              && (i == 0 || amplitudes[i] > amplitudes[i - 1])
              && (i == amplitudes.length - 1 || amplitudes[i] >= amplitudes[i + 1]);
      if (peak) {
        peaks.add(new Tone(lowest + i * step, amplitudes[i]));
      }
    }
    peaks.sort(Comparator.comparingDouble(Tone::amplitude).reversed());
    return peaks;
  }

  private short[] lastSecond() {
    short[] last = new short[KEPT];
    synchronized (heard) {
      System.arraycopy(heard, heardAt, last, 0, KEPT - heardAt);
      System.arraycopy(heard, 0, last, KEPT - heardAt, heardAt);
    }
    return last;
  }

  /** Stops sending and listening (the socket is the call's to close). */
  @Override
  public void close() {
    sending.dispose();
    receiving.dispose();
  }
}
