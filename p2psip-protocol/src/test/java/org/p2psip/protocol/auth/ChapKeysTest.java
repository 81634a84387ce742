package org.p2psip.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Vectors computed independently with Python's hashlib.pbkdf2_hmac and hmac. */
class ChapKeysTest {

  static final HexFormat HEX = HexFormat.of();
  static final byte[] CHALLENGE =
      HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @Test
  void keyAndResponseMatchTheSpecifiedConstruction() {
    byte[] key = ChapKeys.deriveKey("correct horse", "overlay.example.org", "alice");
    assertThat(HEX.formatHex(key))
        .isEqualTo("8a8d93f2462d70b2fdbad096930652af63ed967b2f351e5c1e7ae882c8576a6b");
    byte[] response = ChapKeys.response(key, CHALLENGE);
    assertThat(HEX.formatHex(response))
        .isEqualTo("d5d9a31a2727db4a1af26305a4eaadd076128b3c497cc769f59ff1c3b8c063a6");
    assertThat(ChapKeys.verify(key, CHALLENGE, response)).isTrue();
    response[0] ^= 1;
    assertThat(ChapKeys.verify(key, CHALLENGE, response)).isFalse();
    assertThat(ChapKeys.verify(key, CHALLENGE, new byte[3])).isFalse();
  }

  @Test
  void theSaltBindsOverlayAndUser() {
    byte[] alice = ChapKeys.deriveKey("pw", "o", "alice");
    assertThat(ChapKeys.deriveKey("pw", "o", "bob")).isNotEqualTo(alice);
    assertThat(ChapKeys.deriveKey("pw", "other", "alice")).isNotEqualTo(alice);
  }
}
