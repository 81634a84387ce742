package org.p2psip.enrollment.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.enrollment.config.EnrollmentProperties;

class CaLoaderTest {

  @TempDir Path directory;

  EnrollmentProperties.Ca development() {
    return new EnrollmentProperties.Ca(
        null, null, null, null, directory, "Test CA", Duration.ofDays(30));
  }

  @Test
  void developmentCaIsCreatedOnceAndReusedOnEveryLaterStart() throws Exception {
    CertificateAuthority first = CaLoader.load(development());
    CertificateAuthority second = CaLoader.load(development());
    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(second.key().getEncoded()).isEqualTo(first.key().getEncoded());
    assertThat(first.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Files.getPosixFilePermissions(directory.resolve(CaLoader.KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void configuredFilesAreUsedAndAMissingKeyStopsTheServiceWithAReason() throws Exception {
    CertificateAuthority generated = CaLoader.load(development());
    EnrollmentProperties.Ca files =
        new EnrollmentProperties.Ca(
            directory.resolve(CaLoader.KEY_FILE),
            directory.resolve(CaLoader.CERTIFICATE_FILE),
            null,
            null,
            null,
            "x",
            Duration.ofDays(1));
    assertThat(CaLoader.load(files).certificate()).isEqualTo(generated.certificate());

    Files.delete(directory.resolve(CaLoader.KEY_FILE));
    assertThatThrownBy(() -> CaLoader.load(files))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("never replaced");
    assertThatThrownBy(() -> CaLoader.load(development()))
        .as("a half-present development CA is not regenerated either")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pkcs12KeystoreIsAccepted() throws Exception {
    CertificateAuthority generated = CaLoader.load(development());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "ca", generated.key(), "secret".toCharArray(), new Certificate[] {generated.certificate()});
    Path p12 = directory.resolve("ca.p12");
    try (var out = Files.newOutputStream(p12)) {
      store.store(out, "secret".toCharArray());
    }
    CertificateAuthority loaded =
        CaLoader.load(
            new EnrollmentProperties.Ca(null, null, p12, "secret", null, "x", Duration.ZERO));
    assertThat(loaded.certificate()).isEqualTo(generated.certificate());
    assertThat(loaded.key().getEncoded()).isEqualTo(generated.key().getEncoded());
    assertThatThrownBy(
            () ->
                CaLoader.load(
                    new EnrollmentProperties.Ca(
                        null,
                        null,
                        directory.resolve("absent.p12"),
                        "x",
                        null,
                        "x",
                        Duration.ZERO)))
        .hasMessageContaining("refusing to start");
  }

  @Test
  void noCaConfiguredIsAClearError() {
    assertThatThrownBy(
            () ->
                CaLoader.load(
                    new EnrollmentProperties.Ca(null, null, null, null, null, "x", Duration.ZERO)))
        .hasMessageContaining("no overlay CA configured");
  }
}
