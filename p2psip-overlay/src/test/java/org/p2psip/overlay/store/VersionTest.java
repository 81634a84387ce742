package org.p2psip.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Version order and the Storage Time and lifetime rules of docs/peer-protocol.md 5.1. */
class VersionTest {

  @Test
  void versionsAreOrderedByStorageTimeThenTombstoneThenExpiry() {
    Version live = new Version(1_000, false, 5_000);
    assertThat(new Version(1_001, false, 2_000).isNewerThan(live)).isTrue();
    assertThat(new Version(1_000, true, 5_000).isNewerThan(live)).isTrue(); // T = 1 above 0
    assertThat(new Version(1_000, false, 5_001).isNewerThan(live)).isTrue();
    assertThat(new Version(999, true, 90_000).isNewerThan(live)).isFalse();
    assertThat(new Version(1_000, false, 5_000).isNewerThan(live)).isFalse(); // equal: no-op
    assertThat(live.isNewerThan(null)).isTrue();
  }

  @Test
  void theResponsiblePeerOrdersItsOwnWritesEvenWhenItsClockIsBehind() {
    Version current = new Version(10_000, false, 20_000);
    assertThat(Version.nextStorageTime(9_000, current)).isEqualTo(10_001);
    assertThat(Version.nextStorageTime(12_000, current)).isEqualTo(12_000);
    assertThat(Version.nextStorageTime(12_000, null)).isEqualTo(12_000);
  }

  @Test
  void liveAndKeptDependOnExpiryAndTombstone() {
    Version tombstone = new Version(1_000, true, 5_000);
    assertThat(tombstone.isLiveAt(2_000)).isFalse();
    assertThat(tombstone.isKeptAt(4_999)).isTrue();
    assertThat(tombstone.isKeptAt(5_000)).isFalse();
    assertThat(new Version(1_000, false, 5_000).isLiveAt(4_999)).isTrue();
  }

  @Test
  void aVersionMustExpireAfterItIsStored() {
    assertThatThrownBy(() -> new Version(5_000, false, 5_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lifetimesUseTheDefaultForZeroAndAreCapped() {
    Lifetimes lifetimes = Lifetimes.DEFAULTS;
    assertThat(lifetimes.expiry(1_000, 0)).isEqualTo(1_000 + 3_600_000);
    assertThat(lifetimes.expiry(1_000, 60)).isEqualTo(61_000);
    assertThat(lifetimes.expiry(1_000, 1_000_000)).isEqualTo(1_000 + 86_400_000);
  }
}
