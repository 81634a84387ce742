package org.p2psip.enrollment.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.enrollment.config.EnrollmentProperties;

class PeerCaLoaderTest {

  @TempDir Path directory;

  CertificateAuthority overlayCa(Path where) {
    return CaLoader.load(
        new EnrollmentProperties.Ca(null, null, null, null, where, "Test CA", Duration.ofDays(30)));
  }

  static EnrollmentProperties.PeerCa config(Path keyFile, Path certificateFile, Path generateIn) {
    return new EnrollmentProperties.PeerCa(
        keyFile,
        certificateFile,
        generateIn,
        Duration.ofDays(3650),
        Duration.ofDays(90),
        Duration.ofDays(365));
  }

  @Test
  void thePeerCaIsCreatedOnceNextToTheOverlayCaAndReusedOnEveryLaterStart() throws Exception {
    CertificateAuthority overlayCa = overlayCa(directory);
    CertificateAuthority first =
        PeerCaLoader.load(config(null, null, null), directory, overlayCa, "o.test").orElseThrow();
    CertificateAuthority second =
        PeerCaLoader.load(config(null, null, null), directory, overlayCa, "o.test").orElseThrow();
    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(second.key().getEncoded()).isEqualTo(first.key().getEncoded());
    first.certificate().verify(overlayCa.certificate().getPublicKey());
    assertThat(first.certificate().getBasicConstraints()).isZero();
    assertThat(first.certificate().getNotAfter())
        .isBeforeOrEqualTo(overlayCa.certificate().getNotAfter());
    assertThat(overlayCa.certificate().getBasicConstraints())
        .as("a new development overlay CA admits the peer CA under it")
        .isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(directory.resolve(PeerCaLoader.KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void configuredFilesMustExistAndBeTheOverlayCas() throws Exception {
    CertificateAuthority overlayCa = overlayCa(directory);
    PeerCaLoader.load(config(null, null, directory), null, overlayCa, "o.test").orElseThrow();
    EnrollmentProperties.PeerCa files =
        config(
            directory.resolve(PeerCaLoader.KEY_FILE),
            directory.resolve(PeerCaLoader.CERTIFICATE_FILE),
            null);
    assertThat(PeerCaLoader.load(files, null, overlayCa, "o.test")).isPresent();

    CertificateAuthority otherOverlayCa = overlayCa(Files.createTempDirectory(directory, "other"));
    assertThatThrownBy(() -> PeerCaLoader.load(files, null, otherOverlayCa, "o.test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a CA certificate signed by the overlay CA");

    Files.delete(directory.resolve(PeerCaLoader.KEY_FILE));
    assertThatThrownBy(() -> PeerCaLoader.load(files, null, overlayCa, "o.test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void withNothingConfiguredThereIsNoPeerCa() {
    CertificateAuthority overlayCa = overlayCa(directory);
    assertThat(PeerCaLoader.load(config(null, null, null), null, overlayCa, "o.test"))
        .isEqualTo(Optional.empty());
  }
}
