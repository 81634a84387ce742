package org.p2psip.protocol.reload;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * Signs and verifies stored entries with the two algorithms docs/protocol.md 4.3 allows: ECDSA
 * P-256 with SHA-256 (DER signature) and Ed25519. The algorithm follows from the key.
 */
public final class EntrySignatures {

  private static final ECParameterSpec P256 = p256();

  private EntrySignatures() {}

  public static byte[] sign(PrivateKey key, byte[] input) {
    try {
      Signature signature = Signature.getInstance(algorithmFor(key));
      signature.initSign(key);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with " + key.getAlgorithm() + " key", e);
    }
  }

  /** False for a wrong or malformed signature, and for a key of an algorithm not allowed here. */
  public static boolean verify(PublicKey key, byte[] input, byte[] signatureBytes) {
    String algorithm;
    try {
      algorithm = algorithmFor(key);
    } catch (InvalidKeyException e) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initVerify(key);
      signature.update(input);
      return signature.verify(signatureBytes);
    } catch (SignatureException | InvalidKeyException e) {
      return false; // a malformed DER signature is a failed check, not an error
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the runtime lacks " + algorithm, e);
    }
  }

  static String algorithmFor(Key key) throws InvalidKeyException {
    if (key instanceof ECKey ec) {
      if (!isP256(ec.getParams())) {
        throw new InvalidKeyException("only P-256 EC keys sign entries");
      }
      return "SHA256withECDSA";
    }
    if (key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
      return "Ed25519";
    }
    throw new InvalidKeyException(
        "entries are signed with P-256 or Ed25519, not " + key.getAlgorithm());
  }

  private static boolean isP256(ECParameterSpec params) {
    // Same field size is not enough (secp256k1 has it too): compare curve, base point and order.
    return params.getCurve().equals(P256.getCurve())
        && params.getGenerator().equals(P256.getGenerator())
        && params.getOrder().equals(P256.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime knows P-256", e);
    }
  }
}
