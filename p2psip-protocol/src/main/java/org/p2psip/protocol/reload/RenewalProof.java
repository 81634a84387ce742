package org.p2psip.protocol.reload;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.jspecify.annotations.Nullable;

/**
 * The proof of possession a certificate holder sends with {@code POST /renew}: the current key's
 * signature over the CSR's DER bytes, SHA256withECDSA, Ed25519 or SHA256withRSA by the key's type.
 * The client signs with it, the enrollment service checks with it: both ends agree by construction.
 */
public final class RenewalProof {

  private RenewalProof() {}

  /** The signature algorithm for {@code key}, or null for a type renewal does not accept. */
  static @Nullable String algorithmFor(Key key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSA" -> "SHA256withRSA";
      default -> null;
    };
  }

  /** Signs {@code csr} with the current key. */
  public static byte[] sign(PrivateKey key, byte[] csr) throws GeneralSecurityException {
    String algorithm = algorithmFor(key);
    if (algorithm == null) {
      throw new GeneralSecurityException("no renewal proof for " + key.getAlgorithm() + " keys");
    }
    Signature signature = Signature.getInstance(algorithm);
    signature.initSign(key);
    signature.update(csr);
    return signature.sign();
  }

  /** Whether {@code proof} is the current key's signature over {@code csr}; never throws. */
  public static boolean verify(PublicKey key, byte[] csr, byte[] proof) {
    String algorithm = algorithmFor(key);
    if (algorithm == null || proof == null) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initVerify(key);
      signature.update(csr);
      return signature.verify(proof);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // a malformed signature is a failed proof, not an error
    }
  }
}
