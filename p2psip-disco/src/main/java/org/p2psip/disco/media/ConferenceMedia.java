package org.p2psip.disco.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A focus's audio: every 20 ms it takes one frame from each leg's jitter buffer and sends each
 * participant the sum of everyone but itself (its fellow participants and the peer foci's relays),
 * and each peer focus the sum of this focus's participants only. With the foci fully meshed, as
 * they link by default, every participant hears every other once and nothing is relayed twice. Sums
 * are clipped to 16 bits; silence is zeros, sent all the same (the far ends' jitter buffers stay
 * primed and NAT bindings open).
 */
public final class ConferenceMedia implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConferenceMedia.class);
  static final Duration TICK = Duration.ofMillis(20);

  private final String bindAddress;
  private final List<MediaLeg> legs = new CopyOnWriteArrayList<>();
  private @Nullable Disposable clock;

  public ConferenceMedia(String bindAddress) {
    this.bindAddress = bindAddress;
  }

  /**
   * A new leg on a free port of the bind address, mixed from the next tick on; the clock starts
   * with the first leg. Binds before it returns: call it off the event loops.
   */
  public MediaLeg open(String name, MediaLeg.Role role) {
    MediaLeg leg = MediaLeg.bind(name, role, bindAddress);
    legs.add(leg);
    synchronized (this) {
      if (clock == null) {
        clock =
            Flux.interval(TICK, TICK, Schedulers.parallel())
                .onBackpressureDrop()
                .subscribe(tick -> mix(), error -> LOG.warn("audio clock stopped", error));
      }
    }
    return leg;
  }

  /** Stops mixing for {@code leg} and closes its socket. */
  public void close(@Nullable MediaLeg leg) {
    if (leg != null && legs.remove(leg)) {
      leg.close();
    }
  }

  public List<MediaLeg> legs() {
    return List.copyOf(legs);
  }

  /** One tick: a frame in from every leg, the mix out to every connected leg. */
  void mix() {
    List<MediaLeg> participantLegs = new ArrayList<>();
    List<MediaLeg> relayLegs = new ArrayList<>();
    for (MediaLeg leg : legs) {
      (leg.role() == MediaLeg.Role.PARTICIPANT ? participantLegs : relayLegs).add(leg);
    }
    List<short @Nullable []> fromParticipants = new ArrayList<>(participantLegs.size());
    participantLegs.forEach(leg -> fromParticipants.add(leg.poll()));
    List<short @Nullable []> fromRelays = new ArrayList<>(relayLegs.size());
    relayLegs.forEach(leg -> fromRelays.add(leg.poll()));
    short[][] out = MixMinus.mix(fromParticipants, fromRelays);
    for (int i = 0; i < out.length; i++) {
      MediaLeg leg =
          i < participantLegs.size()
              ? participantLegs.get(i)
              : relayLegs.get(i - participantLegs.size());
      if (!leg.connected()) {
        continue;
      }
      try {
        leg.send(out[i]);
      } catch (RuntimeException e) {
        LOG.debug("{}: frame not sent: {}", leg.name(), e.toString());
      }
    }
  }

  /** Stops the clock and closes every leg. */
  @Override
  public void close() {
    synchronized (this) {
      if (clock != null) {
        clock.dispose();
        clock = null;
      }
    }
    for (MediaLeg leg : List.copyOf(legs)) {
      close(leg);
    }
  }
}
