package org.p2psip.enrollment.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.testsupport.TestPki;

/** Where the configuration signer's key comes from, and that it is one key for every replica. */
class ConfigurationSignerTest {

  static CertificateIssuer issuer() throws Exception {
    TestPki root = new TestPki("Overlay CA");
    return new CertificateIssuer(
        new CertificateAuthority(root.ca.keys().getPrivate(), root.ca.certificate()),
        "signer.test",
        Clock.systemUTC(),
        Duration.ofMinutes(1));
  }

  @Test
  void withoutAKeyFileOrADevelopmentDirectoryTheServiceRefusesToStart() throws Exception {
    CertificateIssuer issuer = issuer();
    assertThatThrownBy(() -> ConfigurationSigner.create(null, null, issuer, "signer.test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("p2psip.enrollment.document.signer-key-file")
        .hasMessageContaining("p2psip.enrollment.ca.generate-in");
  }

  @Test
  void aConfiguredKeyFileThatIsMissingIsRefused(@TempDir Path directory) throws Exception {
    CertificateIssuer issuer = issuer();
    assertThatThrownBy(
            () ->
                ConfigurationSigner.create(
                    directory.resolve("absent.pem"), null, issuer, "signer.test"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replicasStartingTogetherOnOneDevelopmentDirectoryShareOneKey(@TempDir Path directory)
      throws Exception {
    CertificateIssuer issuer = issuer();
    int replicas = 6;
    ExecutorService threads = Executors.newFixedThreadPool(replicas);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ConfigurationSigner>> signers = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        signers.add(
            threads.submit(
                () -> {
                  start.await();
                  return ConfigurationSigner.create(null, directory, issuer, "signer.test");
                }));
      }
      start.countDown();
      Set<String> nodeIds = new HashSet<>();
      for (Future<ConfigurationSigner> signer : signers) {
        nodeIds.add(signer.get().nodeId().hex());
      }
      assertThat(nodeIds).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
    // one key file, no leftovers; a later start reuses it
    try (var files = Files.list(directory)) {
      assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toList()))
          .containsExactly(ConfigurationSigner.DEVELOPMENT_KEY);
    }
    assertThat(ConfigurationSigner.create(null, directory, issuer, "signer.test").nodeId().hex())
        .isEqualTo(
            ConfigurationSigner.create(
                    directory.resolve(ConfigurationSigner.DEVELOPMENT_KEY),
                    null,
                    issuer,
                    "signer.test")
                .nodeId()
                .hex());
  }
}
