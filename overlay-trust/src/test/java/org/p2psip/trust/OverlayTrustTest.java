package org.p2psip.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.TestPki;
import reactor.core.Disposable;

/**
 * A revocation takes effect when it is announced, not at the next refresh (an hour here): the
 * announced serial counts as revoked at once, the CRL is fetched again right away, and a stream
 * that breaks is reconnected and followed by a fresh CRL. A real HTTP server plays the enrollment
 * service; its CRLs are really signed by the test CA.
 */
class OverlayTrustTest {

  static final Duration HOUR = Duration.ofHours(1);
  FakeEnrollmentService enrollment;
  OverlayTrust trust;
  X509Certificate alice;
  X509Certificate bob;

  @BeforeEach
  void start() throws Exception {
    TestPki pki = new TestPki("Overlay CA");
    alice =
        pki.client("alice@example.org", "00112233445566778899aabbccddeeff", "o.test").certificate();
    bob = pki.client("bob@example.org", "ffeeddccbbaa99887766554433221100", "o.test").certificate();
    enrollment = new FakeEnrollmentService(pki);
    trust =
        new OverlayTrust(
            new TrustSettings(null, null, URI.create(enrollment.url()), HOUR),
            EnrollmentClients.webClient(URI.create(enrollment.url()), null));
  }

  @AfterEach
  void stop() {
    trust.stop();
    enrollment.close();
  }

  @Test
  void nothingIsAcceptedBeforeTheFirstRead() {
    assertThatThrownBy(() -> trust.current().block())
        .isInstanceOf(OverlayTrust.TrustUnavailableException.class);
  }

  @Test
  void anAnnouncedRevocationCountsAtOnceAndTheCrlIsFetchedAgain() {
    List<TrustMaterial> changes = new CopyOnWriteArrayList<>();
    Disposable watching = trust.changes().subscribe(changes::add);
    trust.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> enrollment.streams.get() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> trust.loaded() != null);
    assertThat(trust.current().block().revoked(alice)).isFalse();
    int readsBefore = enrollment.crlReads.get();

    enrollment.announce(alice.getSerialNumber());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(trust.current().block().revoked(alice)).isTrue());
    assertThat(trust.current().block().revoked(bob)).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(enrollment.crlReads.get()).isGreaterThan(readsBefore));
    assertThat(changes).anySatisfy(material -> assertThat(material.revoked(alice)).isTrue());

    // once the CRL lists it, the announcement has served its purpose; still revoked
    enrollment.crlSerials.add(alice.getSerialNumber());
    enrollment.announce(bob.getSerialNumber());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              TrustMaterial material = trust.current().block();
              assertThat(material.revoked(bob)).isTrue();
              assertThat(material.crlRevocations()).isEqualTo(1);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(trust.current().block().announced())
                    .doesNotContain(alice.getSerialNumber()));
    assertThat(trust.current().block().revoked(alice)).isTrue();
    watching.dispose();
  }

  @Test
  void aBrokenStreamIsReconnectedAndFollowedByAFreshCrl() {
    trust.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> trust.loaded() != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> enrollment.streams.get() == 1);
    // revoked while nobody listened: no announcement reaches us, only the CRL knows
    BigInteger missed = bob.getSerialNumber();
    enrollment.crlSerials.add(missed);
    enrollment.endStreams();

    await().atMost(Duration.ofSeconds(15)).until(() -> enrollment.streams.get() >= 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(trust.current().block().revoked(bob)).isTrue());
  }

  @Test
  void aLyingStreamCanOnlyRevokeNeverReinstate() {
    enrollment.crlSerials.add(alice.getSerialNumber());
    trust.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> trust.loaded() != null);
    enrollment.announce(BigInteger.ONE);
    enrollment.announce(alice.getSerialNumber());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(trust.current().block().announced()).contains(BigInteger.ONE));
    assertThat(trust.current().block().revoked(alice)).isTrue();
    assertThat(trust.current().block().revoked(bob)).isFalse();
  }
}
