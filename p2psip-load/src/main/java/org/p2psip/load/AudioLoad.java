package org.p2psip.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.media.G711;
import org.p2psip.disco.media.JitterBuffer;
import org.p2psip.disco.media.RtpPacket;
import org.p2psip.disco.media.Tones;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.SipEndpoint;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A focus's audio under load, over real SIP calls and real RTP: {@code participants} calls to one
 * focus (another process: its CPU is read from /proc when its pid is given), each sending a tone
 * every 20 ms. One of them, the clicker, sends a short 3 kHz burst every second instead; another,
 * the listener, notes when each burst reaches it in the mix: the mixer's added delay (jitter
 * buffer, the wait for its 20 ms tick, mixing and coding; the sender's own packetisation is not
 * counted, the packet is stamped when sent).
 */
public final class AudioLoad {

  private static final String CONFERENCE = "sip:conf@example.org";
  private static final double BURST_HERTZ = 3000;
  private static final int BURST_EVERY_TICKS = 50; // 1 s
  private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

  private AudioLoad() {}

  /** The outcome: calls set up, the focus's CPU, the burst delays. */
  public record Result(
      int participants,
      int answered,
      Duration measured,
      double focusCpuPercent,
      double bursts,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      long packetsSent,
      long packetsReceived) {

    /** The focus's CPU per participant, as a share of one core, in percent. */
    public double cpuPercentPerParticipant() {
      return focusCpuPercent / participants;
    }

    public String table() {
      return String.format(
          "participants %d (%d calls answered), measured %s%n"
              + "  focus CPU: %.1f %% of one core, %.3f %% per participant%n"
              + "  mixer delay (burst sent to heard in the mix), %d bursts: p50 %.1f ms, p99 %.1f"
              + " ms, max %.1f ms%n"
              + "  RTP packets sent %d, received by the listener while measured %d",
          participants,
          answered,
          measured,
          focusCpuPercent,
          cpuPercentPerParticipant(),
          (long) bursts,
          p50Millis,
          p99Millis,
          maxMillis,
          packetsSent,
          packetsReceived);
    }

    public String json() {
      return String.format(
          "{\"participants\":%d,\"answered\":%d,\"measuredMillis\":%d,\"focusCpuPercent\":%.2f,"
              + "\"cpuPercentPerParticipant\":%.4f,\"bursts\":%d,\"delayP50Millis\":%.2f,"
              + "\"delayP99Millis\":%.2f,\"delayMaxMillis\":%.2f,\"packetsSent\":%d,"
              + "\"packetsReceived\":%d}",
          participants,
          answered,
          measured.toMillis(),
          focusCpuPercent,
          cpuPercentPerParticipant(),
          (long) bursts,
          p50Millis,
          p99Millis,
          maxMillis,
          packetsSent,
          packetsReceived);
    }
  }

  /**
   * One participant's RTP end: the socket its call offers, sent on every 20 ms; the listener's is
   * also read (one blocking receive on boundedElastic), the others' are not (the kernel drops what
   * they are sent once their buffers are full, which costs the focus nothing).
   */
  private static final class Phone implements AutoCloseable {
    final DatagramChannel socket;
    final AtomicLong received = new AtomicLong();
    volatile @Nullable InetSocketAddress focus;
    volatile boolean listening;
    volatile long burstSentAt;
    final Latencies delays = new Latencies();
    private @Nullable Disposable reading;

    Phone(String host) {
      try {
        socket = DatagramChannel.open().bind(new InetSocketAddress(host, 0));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("no RTP socket", e);
      }
    }

    void send(byte[] packet) {
      InetSocketAddress to = focus;
      if (to == null) {
        return;
      }
      try {
        socket.send(ByteBuffer.wrap(packet), to);
      } catch (IOException e) {
        // a closed socket at the end of the run; a full buffer: the packet is lost, as on a network
      }
    }

    /** Reads what the focus sends it, noting when each burst arrives. */
    void listen() {
      reading =
          Flux.<byte[]>generate(
                  sink -> {
                    ByteBuffer buffer = ByteBuffer.allocate(1500);
                    try {
                      socket.receive(buffer);
                    } catch (IOException e) {
                      sink.complete();
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

    private void received(byte[] bytes) {
      long now = System.nanoTime();
      if (!listening) {
        return;
      }
      received.incrementAndGet();
      long sentAt = burstSentAt;
      if (sentAt == 0) {
        return;
      }
      RtpPacket packet = RtpPacket.read(bytes, bytes.length);
      short[] samples = G711.decode(packet.payloadType(), packet.payload());
      if (Tones.amplitude(samples, BURST_HERTZ) > 2000) {
        delays.add(now - sentAt);
        burstSentAt = 0; // one delay per burst
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing at the end of a run
      }
      if (reading != null) {
        reading.dispose();
      }
    }
  }

  /**
   * Calls the focus at {@code focus} ({@code sip:conf@host:port}) {@code participants} times from
   * {@code host}, talks for {@code seconds} after a warm-up second, and hangs up.
   *
   * @param focusPid the focus's process, for its CPU time; null: not measured
   */
  public static Result run(
      String focus, int participants, Duration measure, String host, @Nullable Long focusPid) {
    if (participants < 2) {
      throw new IllegalArgumentException("at least two participants: a clicker and a listener");
    }
    List<SipEndpoint> agents = new ArrayList<>();
    List<Phone> phones = new ArrayList<>();
    List<ParticipantCall> calls = new ArrayList<>();
    Disposable talking = null;
    try {
      for (int i = 0; i < participants; i++) {
        SipEndpoint sip = SipEndpoint.start(SipEndpoint.Settings.of("audio-" + i, host, 0));
        agents.add(sip);
        Phone phone = new Phone(host);
        phones.add(phone);
        ParticipantCall call =
            ParticipantCall.join(
                    sip,
                    new ParticipantCall.Settings(
                        CONFERENCE, "sip:audio-" + i + "@example.org", host, null),
                    focus,
                    phone.socket)
                .block(Duration.ofSeconds(30));
        calls.add(call);
        AudioSdp.Offer answer = call.media();
        phone.focus = new InetSocketAddress(answer.address(), answer.port());
      }
      Phone clicker = phones.get(0);
      Phone listener = phones.get(1);
      listener.listen();
      long[] ssrcs = new long[participants];
      for (int i = 0; i < participants; i++) {
        ssrcs[i] = 0x1000 + i;
      }
      talking =
          Flux.interval(Duration.ofMillis(20))
              .subscribe(
                  tick -> {
                    long timestamp = (tick * JitterBuffer.FRAME) & 0xFFFF_FFFFL;
                    for (int i = 0; i < phones.size(); i++) {
                      Phone phone = phones.get(i);
                      short[] frame;
                      if (phone == clicker) {
                        boolean burst = tick % BURST_EVERY_TICKS == 0;
                        frame =
                            burst
                                ? Tones.frame(BURST_HERTZ, 8000, tick * JitterBuffer.FRAME)
                                : new short[JitterBuffer.FRAME];
                        if (burst && listener.listening) {
                          listener.burstSentAt = System.nanoTime();
                        }
                      } else if (phone == listener) {
                        frame = new short[JitterBuffer.FRAME]; // silent: it only listens
                      } else {
                        frame =
                            Tones.frame(
                                200 + (i % 20) * 10,
                                300,
                                tick * JitterBuffer.FRAME); // quiet, below the burst
                      }
                      phone.send(
                          new RtpPacket(
                                  RtpPacket.PCMU,
                                  tick == 0,
                                  (int) (tick & 0xFFFF),
                                  timestamp,
                                  ssrcs[i],
                                  G711.encode(RtpPacket.PCMU, frame))
                              .write());
                    }
                  });
      sleep(Duration.ofSeconds(1)); // jitter buffers fill, the JIT warms up
      long cpuBefore = focusPid == null ? 0 : cpuTicks(focusPid);
      long started = System.nanoTime();
      listener.listening = true;
      sleep(measure);
      listener.listening = false;
      long elapsed = System.nanoTime() - started;
      long cpuAfter = focusPid == null ? 0 : cpuTicks(focusPid);
      double cpuPercent =
          focusPid == null
              ? Double.NaN
              : 100.0 * (cpuAfter - cpuBefore) / CLOCK_TICKS_PER_SECOND / (elapsed / 1e9);
      long[] delays = Latencies.merge(List.of(listener.delays));
      long sent = (long) participants * (elapsed / 20_000_000L);
      long received = listener.received.get();
      return new Result(
          participants,
          calls.size(),
          Duration.ofNanos(elapsed),
          cpuPercent,
          delays.length,
          Latencies.quantileMicros(delays, 0.50) / 1000,
          Latencies.quantileMicros(delays, 0.99) / 1000,
          Latencies.quantileMicros(delays, 1.0) / 1000,
          sent,
          received);
    } finally {
      if (talking != null) {
        talking.dispose();
      }
      for (ParticipantCall call : calls) {
        call.hangUp().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
      }
      phones.forEach(Phone::close);
      agents.forEach(SipEndpoint::close);
    }
  }

  /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
    }
  }

  private static void sleep(Duration duration) {
    Mono.delay(duration).block();
  }
}
