package org.p2psip.client.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.client.enroll.SavedConfigurationTest;
import org.p2psip.testsupport.TestPki;

/** Keys, certificates, profiles and conference credentials as files, with real keys. */
class KeyFilesTest {

  @TempDir Path directory;

  static boolean sameKey(PrivateKey key, Certificate certificate) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signer.sign());
  }

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void aKeyIsWrittenReadableByItsOwnerOnlyAndReadBack() throws Exception {
    TestPki pki = new TestPki("Overlay CA");
    TestPki.Issued alice = pki.client("alice@example.org", "00112233445566778899aabbccddeeff", "o");
    Path key = directory.resolve("key.pem");
    Files.writeString(key, "an older key, replaced");
    KeyFiles.writePrivateKey(key, alice.keys().getPrivate());
    assertThat(mode(key)).isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    Path certificate = directory.resolve("cert.pem");
    KeyFiles.writeCertificate(certificate, alice.certificate());
    assertThat(KeyFiles.readCertificate(certificate)).isEqualTo(alice.certificate());
    assertThat(sameKey(KeyFiles.readPrivateKey(key), alice.certificate())).isTrue();
  }

  @Test
  void aFileWithoutAKeyOrCertificateIsAnIoException() throws Exception {
    Path empty = Files.writeString(directory.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(() -> KeyFiles.readPrivateKey(empty)).hasMessageContaining("no private key");
    assertThatThrownBy(() -> KeyFiles.readCertificate(empty))
        .hasMessageContaining("no certificate");
  }

  @Test
  void aPkcs12FileIsNewOwnerOnlyAndHoldsKeyAndChain() throws Exception {
    TestPki pki = new TestPki("Overlay CA");
    TestPki.Issued bob = pki.client("bob@example.org", "00112233445566778899aabbccddeeff", "o");
    Path p12 = directory.resolve("bob.p12");
    KeyFiles.writePkcs12(
        p12,
        "bob@example.org",
        bob.keys().getPrivate(),
        "s3cret".toCharArray(),
        bob.certificate(),
        pki.ca.certificate());
    assertThat(mode(p12)).isEqualTo("rw-------");
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keystore.load(in, "s3cret".toCharArray());
    }
    assertThat(keystore.getCertificateChain("bob@example.org"))
        .containsExactly(bob.certificate(), pki.ca.certificate());
    PrivateKey key = (PrivateKey) keystore.getKey("bob@example.org", "s3cret".toCharArray());
    assertThat(sameKey(key, bob.certificate())).isTrue();
    assertThatThrownBy(
            () ->
                KeyFiles.writePkcs12(
                    p12, "x", bob.keys().getPrivate(), "x".toCharArray(), bob.certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not replaced");
  }

  @Test
  void conferenceCredentialsAreSavedAndLoaded() throws Exception {
    TestPki pki = new TestPki("Overlay CA");
    TestPki.Issued conference =
        pki.client("team@example.org", "0102030405060708090a0b0c0d0e0f10", "o");
    Path saved =
        new ConferenceCredentials(conference.keys().getPrivate(), conference.certificate())
            .save(directory.resolve("team@example.org"));
    assertThat(mode(saved.resolve(ConferenceCredentials.KEY))).isEqualTo("rw-------");
    ConferenceCredentials loaded = ConferenceCredentials.load(saved);
    assertThat(loaded.certificate()).isEqualTo(conference.certificate());
    assertThat(sameKey(loaded.key(), conference.certificate())).isTrue();
  }

  @Test
  void profilesListTheirUsersAndReadTheSavedConfiguration() throws Exception {
    Profiles profiles = new Profiles(directory);
    assertThat(profiles.users()).isEmpty();
    assertThat(profiles.savedConfigurationOf(null)).isEmpty();
    TestPki pki = new TestPki("Overlay CA");
    for (String user : new String[] {"bob@example.org", "alice@example.org"}) {
      TestPki.Issued issued = pki.client(user, "00112233445566778899aabbccddeeff", "o");
      Path profile = profiles.directory(user);
      Files.createDirectories(profile);
      KeyFiles.writePrivateKey(profile.resolve("key.pem"), issued.keys().getPrivate());
      KeyFiles.writeCertificate(profile.resolve("cert.pem"), issued.certificate());
      KeyFiles.writeCertificate(profile.resolve("ca.pem"), pki.ca.certificate());
    }
    Files.writeString(
        profiles.directory("bob@example.org").resolve("reload-config.xml"),
        SavedConfigurationTest.DOCUMENT);
    Files.writeString(directory.resolve("default"), "bob@example.org\n");

    assertThat(profiles.users()).containsExactly("alice@example.org", "bob@example.org");
    assertThat(profiles.load(null).user()).isEqualTo("bob@example.org");
    assertThat(profiles.savedConfigurationOf(null).orElseThrow().overlayName())
        .isEqualTo("overlay.example.org");
    assertThat(profiles.savedConfigurationOf("alice@example.org")).isEmpty();

    Path p12 = directory.resolve("alice.p12");
    Profiles.exportPkcs12(profiles.load("alice@example.org"), p12, "pw".toCharArray());
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keystore.load(in, "pw".toCharArray());
    }
    assertThat(keystore.getCertificateChain("alice@example.org")).hasSize(2);
  }
}
