package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;

/**
 * RFC 7904 3.1's SipRegistration: the bytes of each type, round trips, an unknown type kept as
 * bytes, and malformed values refused with a decoding error, never another exception.
 */
class SipRegistrationTest {

  @Test
  void aUriRegistrationHasTheBytesOfRfc7904() {
    byte[] encoded = new SipRegistration.Uri("sip:a@b").encode();
    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("010009" + "0007" + "7369703a614062");
    assertThat(SipRegistrations.decode(encoded)).isEqualTo(new SipRegistration.Uri("sip:a@b"));
  }

  @Test
  void aRouteRegistrationRoundTrips() {
    SipRegistration route =
        new SipRegistration.Route(
            "+sip.instance=\"<urn:uuid:1>\"",
            List.of(new Destination(Id128.fromHex("0123456789abcdef0123456789abcdef"))));
    SipRegistration decoded = SipRegistrations.decode(route.encode());
    assertThat(decoded).isEqualTo(route);
  }

  @Test
  void aTypeNotKnownHereIsKeptAsBytes() {
    byte[] encoded = HexFormat.of().parseHex("07000401020304");
    SipRegistration other = SipRegistrations.decode(encoded);
    assertThat(other).isInstanceOf(SipRegistration.Other.class);
    assertThat(other.type()).isEqualTo(7);
    assertThat(other.encode()).isEqualTo(encoded);
  }

  @Test
  void malformedValuesAreRefusedAsDecodingErrors() {
    for (String hex :
        List.of(
            "",
            "01",
            "0100",
            "010009000773",
            "0100090007736970" + "3a614062ff", // a byte past the end
            "01000a0007" + "7369703a614062" + "00", // the URI shorter than its frame
            "020002" + "0001", // a route cut short
            "0100030001ff")) { // not UTF-8
      assertThatThrownBy(() -> SipRegistrations.decode(HexFormat.of().parseHex(hex)))
          .as(hex)
          .isInstanceOf(ReloadDecodingException.class);
    }
  }

  @Test
  void randomBytesNeverThrowAnythingButADecodingError() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = (byte) (1 + random.nextInt(2));
      }
      try {
        SipRegistration decoded = SipRegistrations.decode(bytes);
        assertThat(decoded.encode()).isEqualTo(bytes);
      } catch (ReloadDecodingException expected) {
        // refused, as it should be
      }
    }
  }
}
