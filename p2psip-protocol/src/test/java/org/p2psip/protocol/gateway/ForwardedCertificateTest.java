package org.p2psip.protocol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.gateway.ForwardedCertificate.Verdict;

class ForwardedCertificateTest {

  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef-gateway".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration SKEW = Duration.ofSeconds(30);
  static final String CERT = "MIIBbase64der==";

  final ForwardedCertificate gateway = new ForwardedCertificate(SECRET);

  Verdict check(String signature, String method, String path, String cert, Instant at) {
    return new ForwardedCertificate(SECRET).verify(signature, method, path, cert, at, SKEW);
  }

  @Test
  void theGatewaysSignatureVerifiesForTheSameRequest() {
    String signature = gateway.sign(NOW, "POST", "/renew", CERT);
    assertThat(signature).matches("t=\\d+; v1=[A-Za-z0-9_-]{43}");
    assertThat(check(signature, "POST", "/renew", CERT, NOW.plusSeconds(29)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void anotherCertificateMethodPathOrSecretIsForged() {
    String signature = gateway.sign(NOW, "POST", "/renew", CERT);
    assertThat(check(signature, "POST", "/renew", CERT + "x", NOW)).isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "GET", "/renew", CERT, NOW)).isEqualTo(Verdict.FORGED);
    assertThat(check(signature, "POST", "/enroll", CERT, NOW)).isEqualTo(Verdict.FORGED);
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    assertThat(new ForwardedCertificate(other).verify(signature, "POST", "/renew", CERT, NOW, SKEW))
        .isEqualTo(Verdict.FORGED);
    String movedTime = signature.replaceFirst("t=(\\d+)", "t=" + (NOW.getEpochSecond() + 1));
    assertThat(check(movedTime, "POST", "/renew", CERT, NOW)).isEqualTo(Verdict.FORGED);
  }

  @Test
  void oldOrFutureSignaturesAreStale() {
    String signature = gateway.sign(NOW, "POST", "/renew", CERT);
    assertThat(check(signature, "POST", "/renew", CERT, NOW.plusSeconds(31)))
        .isEqualTo(Verdict.STALE);
    assertThat(check(signature, "POST", "/renew", CERT, NOW.minusSeconds(31)))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void absentOrUnreadableSignaturesAreSaidSo() {
    assertThat(check(null, "POST", "/renew", CERT, NOW)).isEqualTo(Verdict.UNSIGNED);
    assertThat(check(" ", "POST", "/renew", CERT, NOW)).isEqualTo(Verdict.UNSIGNED);
    for (String bad : new String[] {"garbage", "t=abc; v1=x", "t=1", "v1=abc", "t=1; v1="}) {
      assertThat(check(bad, "POST", "/renew", CERT, NOW)).as(bad).isEqualTo(Verdict.MALFORMED);
    }
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new ForwardedCertificate(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32");
  }
}
