package org.p2psip.protocol.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceIdsTest {

  /** SHA-1("alice@example.org")[:16], computed with Python's hashlib. */
  static final Id128 ALICE = Id128.fromHex("45a6b241a242c97f0492d382c390dfa3");

  @Test
  void sipSchemeIsStrippedBeforeHashing() {
    assertThat(ResourceIds.of("alice@example.org")).isEqualTo(ALICE);
    assertThat(ResourceIds.of("sip:alice@example.org")).isEqualTo(ALICE);
    assertThat(ResourceIds.of("SIP:alice@example.org")).isEqualTo(ALICE);
  }

  @Test
  void rawNamesArePaddedAndLimitedTo16Bytes() {
    assertThat(ResourceIds.of("sip:bob", HashAlgorithm.RAW).hex())
        .isEqualTo("626f6200000000000000000000000000");
    assertThatThrownBy(() -> ResourceIds.of("seventeen-bytes!!", HashAlgorithm.RAW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
