package org.p2psip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.client.profile.Profiles;
import org.p2psip.testsupport.TestPki;

/** {@code p2psip profile list|show|export} against a profile laid out as enroll saves it. */
class ProfileCommandTest {

  @TempDir Path home;

  record Run(int exit, String out, String err) {}

  Run p2psip(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        P2psipCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  TestPki.Issued saveProfile(TestPki ca, String user) throws Exception {
    TestPki.Issued issued =
        ca.client(user, "00112233445566778899aabbccddeeff", "overlay.example.org");
    Path directory = home.resolve("profiles").resolve(user);
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve("key.pem"),
        Profiles.pem(new JcaPKCS8Generator(issued.keys().getPrivate(), null)));
    Files.writeString(directory.resolve("cert.pem"), Profiles.pem(issued.certificate()));
    Files.writeString(directory.resolve("ca.pem"), Profiles.pem(ca.ca.certificate()));
    Files.writeString(home.resolve("default"), user + "\n");
    return issued;
  }

  @Test
  void listShowAndExportAProfile() throws Exception {
    TestPki ca = new TestPki("Overlay CA");
    saveProfile(ca, "alice@example.org");
    TestPki.Issued bob = saveProfile(ca, "bob@example.org");

    Run list = p2psip("profile", "list", "--home", home.toString(), "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("\"user\":\"alice@example.org\"")
        .contains("\"user\":\"bob@example.org\"")
        .contains("\"default\":true");
    Run show = p2psip("profile", "show", "--home", home.toString());
    assertThat(show.out())
        .contains("bob@example.org")
        .contains("00112233445566778899aabbccddeeff")
        .contains("CN=Overlay CA");

    Path p12 = home.resolve("bob.p12");
    Run export =
        p2psip(
            "profile",
            "export",
            "--home",
            home.toString(),
            "--out",
            p12.toString(),
            "--password",
            "s3cret");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)))
        .isEqualTo("rw-------");
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keystore.load(in, "s3cret".toCharArray());
    }
    PrivateKey key = (PrivateKey) keystore.getKey("bob@example.org", "s3cret".toCharArray());
    var chain = keystore.getCertificateChain("bob@example.org");
    assertThat(chain).hasSize(2);
    assertThat(chain[0]).isEqualTo(bob.certificate());
    assertThat(chain[1]).isEqualTo(ca.ca.certificate());
    // the exported key is the certificate's
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(((X509Certificate) chain[0]).getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();

    Run again =
        p2psip(
            "profile",
            "export",
            "--home",
            home.toString(),
            "--out",
            p12.toString(),
            "--password",
            "x");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("not replaced");
    Run noPassword =
        p2psip(
            "profile",
            "export",
            "--home",
            home.toString(),
            "--out",
            home.resolve("other.p12").toString());
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err()).contains("--password");
  }

  @Test
  void anEmptyHomeSaysWhatToDo() {
    Run list = p2psip("profile", "list", "--home", home.toString());
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("run 'p2psip enroll'");
    Run show = p2psip("profile", "show", "--home", home.toString());
    assertThat(show.exit()).isEqualTo(1);
    assertThat(show.err()).contains("no profile");
  }
}
