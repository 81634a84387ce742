package org.p2psip.enrollment.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.enrollment.config.EnrollmentProperties;

class CaLoaderTest {

  @TempDir Path directory;

  EnrollmentProperties.Ca development() {
    return new EnrollmentProperties.Ca(null, null, directory, "Test CA", Duration.ofDays(30));
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
  void noCaConfiguredIsAClearError() {
    assertThatThrownBy(
            () -> CaLoader.load(new EnrollmentProperties.Ca(null, null, null, "x", Duration.ZERO)))
        .hasMessageContaining("no overlay CA configured");
  }
}
