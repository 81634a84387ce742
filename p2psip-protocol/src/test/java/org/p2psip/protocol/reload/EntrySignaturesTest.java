package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/** Real keys, real signatures: what verifies and what must not. */
class EntrySignaturesTest {

  static byte[] input(X509Certificate signer, DictionaryEntry entry, long storageTime)
      throws Exception {
    return SignatureInput.of(
        ResourceIds.of("sip:conf@example.org"),
        Kind.DISCO_REGISTRATION.id(),
        storageTime,
        entry,
        signer.getEncoded());
  }

  @Test
  void p256SignatureVerifiesAndAnyChangeBreaksIt() throws Exception {
    KeyPair keys = TestCertificates.p256();
    X509Certificate certificate =
        TestCertificates.withNames(
            keys,
            TestCertificates.user("conf@example.org"),
            TestCertificates.uri(CertificateIdentity.reloadUri(Id128.random(), "o.example")));
    DictionaryEntry entry =
        DictionaryEntry.of(
            Id128.random(),
            Octets.wrap(
                new DisCoRegistration.FocusUri(Coordinate.of(1, 2), "sip:f@example.org").encode()));
    byte[] signed = input(certificate, entry, 1000);
    byte[] signature = EntrySignatures.sign(keys.getPrivate(), signed);

    assertThat(EntrySignatures.verify(keys.getPublic(), signed, signature)).isTrue();
    assertThat(EntrySignatures.verify(keys.getPublic(), input(certificate, entry, 1001), signature))
        .as("another storage_time")
        .isFalse();
    X509Certificate other =
        TestCertificates.withNames(
            keys,
            TestCertificates.user("conf@example.org"),
            TestCertificates.uri(CertificateIdentity.reloadUri(Id128.random(), "o.example")));
    assertThat(EntrySignatures.verify(keys.getPublic(), input(other, entry, 1000), signature))
        .as("the same key under another certificate")
        .isFalse();
    byte[] tampered = signature.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(EntrySignatures.verify(keys.getPublic(), signed, tampered)).isFalse();
    assertThat(EntrySignatures.verify(keys.getPublic(), signed, new byte[] {1, 2, 3}))
        .as("not even DER")
        .isFalse();
    assertThat(EntrySignatures.verify(TestCertificates.p256().getPublic(), signed, signature))
        .as("another key")
        .isFalse();
  }

  @Test
  void ed25519SignatureVerifies() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] data = "entry".getBytes();
    byte[] signature = EntrySignatures.sign(keys.getPrivate(), data);
    assertThat(signature).hasSize(64);
    assertThat(EntrySignatures.verify(keys.getPublic(), data, signature)).isTrue();
    assertThat(EntrySignatures.verify(keys.getPublic(), "entrY".getBytes(), signature)).isFalse();
  }

  @Test
  void otherAlgorithmsAreRefused() throws Exception {
    KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC");
    k1.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = k1.generateKeyPair();
    assertThatThrownBy(() -> EntrySignatures.sign(p384.getPrivate(), new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair rsaKeys = rsa.generateKeyPair();
    assertThatThrownBy(() -> EntrySignatures.sign(rsaKeys.getPrivate(), new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EntrySignatures.verify(rsaKeys.getPublic(), new byte[1], new byte[256])).isFalse();
    KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
    assertThat(EntrySignatures.verify(ed448.getPublic(), new byte[1], new byte[114])).isFalse();
  }
}
