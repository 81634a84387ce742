package org.p2psip.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.p2psip.forwarding.GatewayForwarding.Forwarded;
import org.p2psip.forwarding.GatewayForwarding.Verdict;

class GatewayForwardingTest {

  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef-gateway".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration SKEW = Duration.ofSeconds(30);
  static final String CERT = "MIIBbase64der==";
  static final Forwarded BOTH = new Forwarded("198.51.100.7", CERT);

  final GatewayForwarding gateway = new GatewayForwarding(SECRET);

  Verdict check(String signature, String method, String path, Forwarded what, Instant at) {
    return new GatewayForwarding(SECRET).verify(signature, method, path, what, at, SKEW);
  }

  @Test
  void theGatewaysSignatureVerifiesForTheSameRequest() {
    String signature = gateway.sign(NOW, "POST", "/renew", BOTH);
    assertThat(signature).matches("t=\\d+; n=[A-Za-z0-9_-]{22}; v2=[A-Za-z0-9_-]{43}");
    assertThat(check(signature, "POST", "/renew", BOTH, NOW.plusSeconds(29)))
        .isEqualTo(Verdict.VALID);
    Forwarded addressOnly = new Forwarded("2001:db8::1", null);
    assertThat(
            check(gateway.sign(NOW, "GET", "/crl", addressOnly), "GET", "/crl", addressOnly, NOW))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void twoSignaturesOfOneRequestDiffer() {
    assertThat(gateway.sign(NOW, "POST", "/renew", BOTH))
        .isNotEqualTo(gateway.sign(NOW, "POST", "/renew", BOTH));
  }

  @Test
  void anotherAddressCertificateMethodPathOrSecretIsForged() {
    String signature = gateway.sign(NOW, "POST", "/renew", BOTH);
    assertThat(check(signature, "POST", "/renew", new Forwarded("198.51.100.7", CERT + "x"), NOW))
        .isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "POST", "/renew", new Forwarded("198.51.100.8", CERT), NOW))
        .isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "POST", "/renew", new Forwarded(null, CERT), NOW))
        .isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "POST", "/renew", new Forwarded("198.51.100.7", null), NOW))
        .isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "GET", "/renew", BOTH, NOW)).isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "POST", "/enroll", BOTH, NOW)).isEqualTo(Verdict.FORGED);
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    assertThat(new GatewayForwarding(other).verify(signature, "POST", "/renew", BOTH, NOW, SKEW))
        .isEqualTo(Verdict.FORGED);
    String movedTime = signature.replaceFirst("t=(\\d+)", "t=" + (NOW.getEpochSecond() + 1));
    assertThat(check(movedTime, "POST", "/renew", BOTH, NOW)).isEqualTo(Verdict.FORGED);
    String otherNonce = signature.replaceFirst("n=[^;]+", "n=AAAAAAAAAAAAAAAAAAAAAA");
    assertThat(check(otherNonce, "POST", "/renew", BOTH, NOW)).isEqualTo(Verdict.FORGED);
  }

  @Test
  void oldOrFutureSignaturesAreStale() {
    String signature = gateway.sign(NOW, "POST", "/renew", BOTH);
    assertThat(check(signature, "POST", "/renew", BOTH, NOW.plusSeconds(31)))
        .isEqualTo(Verdict.STALE);
    assertThat(check(signature, "POST", "/renew", BOTH, NOW.minusSeconds(31)))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void absentOrUnreadableSignaturesAreSaidSo() {
    assertThat(check(null, "POST", "/renew", BOTH, NOW)).isEqualTo(Verdict.UNSIGNED);
    assertThat(check(" ", "POST", "/renew", BOTH, NOW)).isEqualTo(Verdict.UNSIGNED);
    for (String bad :
        new String[] {
          "garbage",
          "t=abc; n=x; v2=x",
          "t=1",
          "v2=abc",
          "t=1; n=x; v2=",
          "t=1; v2=abc",
          "t=1; n=; v2=abc",
          "t=1; v1=abc"
        }) {
      assertThat(check(bad, "POST", "/renew", BOTH, NOW)).as(bad).isEqualTo(Verdict.MALFORMED);
    }
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new GatewayForwarding(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32");
  }
}
