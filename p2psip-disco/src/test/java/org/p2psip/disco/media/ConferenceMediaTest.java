package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mixer over real UDP sockets: test phones send tones as G.711 RTP, and each must hear the
 * others' tones (found with a Goertzel filter) and not its own, on one focus and across two foci
 * relaying to each other.
 */
class ConferenceMediaTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final int HALF_SECOND = 4000;

  /** Connects {@code phone} as a participant of {@code media}: the SDP exchange, in short. */
  static MediaLeg join(ConferenceMedia media, String name, Phone phone) throws Exception {
    MediaLeg leg = media.open(name, MediaLeg.Role.PARTICIPANT);
    leg.connect(phone.address(), phone.payloadType);
    phone.start(new InetSocketAddress("127.0.0.1", leg.port()));
    return leg;
  }

  static void hears(Phone phone, double own, double... others) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(phone.heardSamples()).isGreaterThan(2 * HALF_SECOND);
              short[] heard = phone.lastHeard(HALF_SECOND);
              for (double other : others) {
                assertThat(Tones.amplitude(heard, other)).as("%s Hz", other).isGreaterThan(2000);
              }
              assertThat(Tones.amplitude(heard, own)).as("its own %s Hz", own).isLessThan(100);
            });
  }

  @Test
  void eachParticipantHearsEveryoneButItself() throws Exception {
    try (ConferenceMedia media = new ConferenceMedia("127.0.0.1");
        Phone a = new Phone(RtpPacket.PCMU, 440.0);
        Phone b = new Phone(RtpPacket.PCMA, 1000.0);
        Phone c = new Phone(RtpPacket.PCMU, 700.0);
        Phone listener = new Phone(RtpPacket.PCMA, null)) {
      join(media, "a", a);
      join(media, "b", b);
      join(media, "c", c);
      MediaLeg quiet = join(media, "listener", listener);

      hears(a, 440, 1000, 700);
      hears(b, 1000, 440, 700);
      hears(c, 700, 440, 1000);
      hears(listener, 300, 440, 1000, 700);
      assertThat(quiet.counts().sent()).isGreaterThan(50);
      assertThat(quiet.counts().received()).isZero();
    }
  }

  @Test
  void participantsOfTwoFociHearEachOtherThroughTheRelayAndNothingComesBack() throws Exception {
    try (ConferenceMedia left = new ConferenceMedia("127.0.0.1");
        ConferenceMedia right = new ConferenceMedia("127.0.0.1");
        Phone a = new Phone(RtpPacket.PCMU, 440.0);
        Phone b = new Phone(RtpPacket.PCMU, 1000.0);
        Phone c = new Phone(RtpPacket.PCMA, 700.0)) {
      MediaLeg toRight = left.open("relay to right", MediaLeg.Role.RELAY);
      MediaLeg toLeft = right.open("relay to left", MediaLeg.Role.RELAY);
      toRight.connect(new InetSocketAddress("127.0.0.1", toLeft.port()), RtpPacket.PCMU);
      toLeft.connect(new InetSocketAddress("127.0.0.1", toRight.port()), RtpPacket.PCMU);
      join(left, "a", a);
      join(left, "b", b);
      join(right, "c", c);

      hears(a, 440, 1000, 700);
      hears(b, 1000, 440, 700);
      hears(c, 700, 440, 1000);
    }
  }

  @Test
  void strangersAndOtherPayloadTypesAreNotMixed() throws Exception {
    try (ConferenceMedia media = new ConferenceMedia("127.0.0.1");
        Phone a = new Phone(RtpPacket.PCMU, null);
        Phone intruder = new Phone(RtpPacket.PCMU, 440.0);
        Phone wrongCodec = new Phone(RtpPacket.PCMA, 1000.0)) {
      MediaLeg leg = join(media, "a", a);
      MediaLeg other = media.open("b", MediaLeg.Role.PARTICIPANT);
      other.connect(new InetSocketAddress("127.0.0.2", 9), RtpPacket.PCMU); // b is elsewhere
      intruder.start(new InetSocketAddress("127.0.0.1", other.port())); // talks into b's port
      MediaLeg third = media.open("c", MediaLeg.Role.PARTICIPANT);
      third.connect(wrongCodec.address(), RtpPacket.PCMU); // negotiated PCMU, sends PCMA
      wrongCodec.start(new InetSocketAddress("127.0.0.1", third.port()));

      await()
          .atMost(WAIT)
          .until(() -> other.counts().dropped() > 20 && third.counts().dropped() > 20);
      assertThat(other.counts().received()).isZero();
      assertThat(third.counts().received()).isZero();
      short[] heard = a.lastHeard(HALF_SECOND);
      assertThat(Tones.amplitude(heard, 440)).isLessThan(100);
      assertThat(Tones.amplitude(heard, 1000)).isLessThan(100);
      assertThat(leg.counts().dropped()).isZero();
      assertThat(media.legs()).hasSize(3);
      media.close(other);
      assertThat(media.legs()).extracting(MediaLeg::name).isEqualTo(List.of("a", "c"));
    }
  }
}
