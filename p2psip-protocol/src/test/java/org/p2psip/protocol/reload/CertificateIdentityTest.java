package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.p2psip.protocol.reload.TestCertificates.uri;
import static org.p2psip.protocol.reload.TestCertificates.user;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;

class CertificateIdentityTest {

  static KeyPair keys;
  static final Id128 NODE_A = Id128.fromHex("0102030405060708090a0b0c0d0e0f10");
  static final Id128 NODE_B = Id128.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

  @BeforeAll
  static void keys() throws Exception {
    keys = TestCertificates.p256();
  }

  @Test
  void readsUserNameAndEveryNodeId() throws Exception {
    X509Certificate certificate =
        TestCertificates.withNames(
            keys,
            user("alice@example.org"),
            uri(CertificateIdentity.reloadUri(NODE_A, "overlay.example.org")),
            uri("https://example.org/not-a-node"),
            uri("reload://A0A1A2A3A4A5A6A7A8A9AAABACADAEAF@overlay.example.org/"));
    CertificateIdentity identity = CertificateIdentity.of(certificate);
    assertThat(identity.userName()).isEqualTo("alice@example.org");
    assertThat(identity.nodeIds()).containsExactly(NODE_A, NODE_B);
    assertThat(identity.overlayName()).isEqualTo("overlay.example.org");
  }

  @Test
  void reloadUriIsLowerCaseHex() {
    assertThat(CertificateIdentity.reloadUri(NODE_B, "o.example"))
        .isEqualTo("reload://a0a1a2a3a4a5a6a7a8a9aaabacadaeaf@o.example/");
  }

  @Test
  void refusesCertificatesThatDoNotNameExactlyOneUserAndSomeNode() throws Exception {
    String node = CertificateIdentity.reloadUri(NODE_A, "o.example");
    assertThatThrownBy(() -> CertificateIdentity.of(TestCertificates.withNames(keys, uri(node))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user name");
    assertThatThrownBy(
            () ->
                CertificateIdentity.of(
                    TestCertificates.withNames(keys, user("a@x"), user("b@x"), uri(node))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one user");
    assertThatThrownBy(() -> CertificateIdentity.of(TestCertificates.withNames(keys, user("a@x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Node-ID");
    assertThatThrownBy(
            () ->
                CertificateIdentity.of(
                    TestCertificates.withNames(
                        keys,
                        user("a@x"),
                        uri(node),
                        uri(CertificateIdentity.reloadUri(NODE_B, "other.example")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two overlays");
  }
}
