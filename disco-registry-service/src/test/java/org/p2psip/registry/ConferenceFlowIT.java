package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.p2psip.client.conference.ConferenceException;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.conference.Focus;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.probe.ProbeResponder;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SDK's conference flows against the real registry: two foci advertise with the shared
 * conference certificate, joiners rank them by coordinate and confirm by probing the foci's real
 * probe responders (one 40 ms "further" away), a focus leaves and its participants are handed to
 * the closest remaining one; a reader refuses entries it cannot verify.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConferenceFlowIT extends RedisBackedTest {

  static final OverlayPki PKI = OverlayPki.withTrustFiles("Overlay Flow CA");

  @DynamicPropertySource
  static void trust(DynamicPropertyRegistry registry) {
    registry.add("p2psip.registry.trust.ca-certificate", PKI::caFile);
  }

  @LocalServerPort int port;

  @Test
  void fociAdvertiseJoinersChooseTheClosestAndALeavingFocusHandsOver() throws Exception {
    String uri = "flow-" + UUID.randomUUID() + "@example.org";
    OverlayPki.Signer conference = PKI.signer(uri);
    RegistryClient registry =
        new RegistryClient(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port));
    ProbeResponder near =
        new ProbeResponder(
                new ProbeResponder.Settings("near", "127.0.0.1", 0, 1000, 100, Duration.ZERO),
                ProbeResponder.Listener.NONE)
            .start();
    ProbeResponder far =
        new ProbeResponder(
                new ProbeResponder.Settings(
                    "far", "127.0.0.1", 0, 1000, 100, Duration.ofMillis(40)),
                ProbeResponder.Listener.NONE)
            .start();
    try {
      Id128 nearKey = Id128.random();
      Id128 farKey = Id128.random();
      FocusRole nearFocus =
          new FocusRole(
              registry,
              "sip:" + uri,
              conference.keys().getPrivate(),
              conference.certificate(),
              nearKey);
      FocusRole farFocus =
          new FocusRole(
              registry, uri, conference.keys().getPrivate(), conference.certificate(), farKey);
      nearFocus
          .advertise("sip:near@127.0.0.1;probe=" + near.port(), Coordinate.of(0, 0), 600)
          .block(Duration.ofSeconds(10));
      long generation =
          farFocus
              .advertise("sip:far@127.0.0.1;probe=" + far.port(), Coordinate.of(40, 0), 600)
              .block(Duration.ofSeconds(10));
      assertThat(generation).isEqualTo(2);

      ConferenceJoin join =
          new ConferenceJoin(
              registry, new RttProber(3, Duration.ofSeconds(1), Duration.ofMillis(2)), 3);
      // a joiner whose coordinate is misleadingly nearer "far": probing corrects it
      ConferenceJoin.Joined joined =
          join.join(uri, Coordinate.of(30, 0), PKI.root.ca.certificate())
              .block(Duration.ofSeconds(30));
      assertThat(joined.ranked()).hasSize(2);
      assertThat(joined.ranked().get(0).focus().key()).as("by coordinates").isEqualTo(farKey.hex());
      assertThat(joined.chosen().focus().key()).as("after probing").isEqualTo(nearKey.hex());
      assertThat(joined.ranked().get(0).probedRttMillis()).isGreaterThanOrEqualTo(40);

      // the near focus leaves: participants are sent to the closest remaining focus
      Map<String, Coordinate> participants = new LinkedHashMap<>();
      participants.put("carol", Coordinate.of(1, 1));
      List<FocusRole.Handover> handovers =
          nearFocus
              .leave(participants, PKI.root.ca.certificate(), 600)
              .block(Duration.ofSeconds(10));
      assertThat(handovers)
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.participant()).isEqualTo("carol");
                assertThat(h.moveTo().key()).isEqualTo(farKey.hex());
              });
      assertThat(join.join(uri, Coordinate.of(0, 0), null).block().chosen().focus().key())
          .isEqualTo(farKey.hex());

      // the far focus leaves too: nobody left to join
      farFocus.leave(Map.of(), null, 600).block(Duration.ofSeconds(10));
      assertThatThrownBy(() -> join.join(uri, Coordinate.of(0, 0), null).block())
          .isInstanceOf(ConferenceException.class);
    } finally {
      near.stop();
      far.stop();
    }
  }

  @Test
  void aReaderRefusesEntriesItCannotVerify() throws Exception {
    String uri = "reader-" + UUID.randomUUID() + "@example.org";
    OverlayPki.Signer signer = PKI.signer(uri);
    var good =
        signer.entry(
            uri,
            Kind.DISCO_REGISTRATION,
            Id128.random(),
            new DisCoRegistration.FocusUri(Coordinate.of(1), "sip:f@h").encode(),
            System.currentTimeMillis(),
            60);
    RegistryEntry entry =
        new RegistryEntry(
            good.key(),
            true,
            good.value(),
            good.storageTime(),
            60L,
            good.signature(),
            good.certificate());
    assertThat(Focus.of(uri, entry, PKI.root.ca.certificate()).trusted()).isTrue();
    RegistryEntry otherConference =
        new RegistryEntry(
            good.key(),
            true,
            good.value(),
            good.storageTime(),
            60L,
            good.signature(),
            good.certificate());
    assertThat(Focus.of("other@example.org", otherConference, null).problem()).isNotNull();
    RegistryEntry laterTime =
        new RegistryEntry(
            good.key(),
            true,
            good.value(),
            good.storageTime() + 1,
            60L,
            good.signature(),
            good.certificate());
    assertThat(Focus.of(uri, laterTime, null).problem()).contains("signature");
    assertThat(Focus.of(uri, entry, new OverlayPki("Another CA").root.ca.certificate()).trusted())
        .isFalse();
  }
}
