package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenewalProofTest {

  static KeyPair keys(String type) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
    if (type.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else if (type.equals("RSA")) {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  @ParameterizedTest
  @ValueSource(strings = {"EC", "Ed25519", "RSA"})
  void theHoldersProofVerifiesAndNobodyElses(String type) throws Exception {
    KeyPair holder = keys(type);
    byte[] csr = ("a CSR for " + type).getBytes();
    byte[] proof = RenewalProof.sign(holder.getPrivate(), csr);
    assertThat(RenewalProof.verify(holder.getPublic(), csr, proof)).isTrue();
    assertThat(RenewalProof.verify(keys(type).getPublic(), csr, proof)).as("another key").isFalse();
    byte[] otherCsr = csr.clone();
    otherCsr[0] ^= 1;
    assertThat(RenewalProof.verify(holder.getPublic(), otherCsr, proof))
        .as("another CSR")
        .isFalse();
    assertThat(RenewalProof.verify(holder.getPublic(), csr, new byte[] {1, 2, 3})).isFalse();
    assertThat(RenewalProof.verify(holder.getPublic(), csr, null)).isFalse();
  }

  @Test
  void keysOfOtherTypesGiveNoProof() throws Exception {
    KeyPair dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair();
    assertThatThrownBy(() -> RenewalProof.sign(dsa.getPrivate(), new byte[1]))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(RenewalProof.verify(dsa.getPublic(), new byte[1], new byte[8])).isFalse();
  }
}
