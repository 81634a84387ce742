package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

  @Test
  void withoutTlsTheInsecureDevelopmentSwitchIsRequired() {
    assertThatThrownBy(
            () ->
                new TransportSettings(
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    false,
                    false,
                    65535,
                    256,
                    32,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    64,
                    Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void developmentDefaultsAreThoseOfSection8() {
    TransportSettings settings = TransportSettings.development("0.0.0.0", 6094);

    assertThat(settings.maxMessageLength()).isEqualTo(65535);
    assertThat(settings.maxPeerConnections()).isEqualTo(256);
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.maxInFlightPerConnection()).isEqualTo(64);
  }
}
