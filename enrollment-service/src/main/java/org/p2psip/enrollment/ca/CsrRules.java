package org.p2psip.enrollment.ca;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The rules every CSR must pass, in order, as a chain of small checks: the request is signed by the
 * key it carries (proof of possession), and that key is one this overlay accepts.
 */
public final class CsrRules {

  /** The rules applied to every enrollment. */
  public static final List<CsrRule> ALL = List.of(CsrRules::signedByItsKey, CsrRules::allowedKey);

  static final int MIN_RSA_BITS = 2048;
  private static final List<ECParameterSpec> ALLOWED_CURVES =
      List.of(curve("secp256r1"), curve("secp384r1"));

  private CsrRules() {}

  /** Parses a DER PKCS#10 request; empty when the bytes are not one. */
  public static Optional<JcaPKCS10CertificationRequest> parse(byte[] der) {
    try {
      return der.length == 0
          ? Optional.empty()
          : Optional.of(new JcaPKCS10CertificationRequest(der).setProvider(Bc.PROVIDER));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The first rule {@code csr} breaks, if any. */
  public static Optional<String> firstProblem(JcaPKCS10CertificationRequest csr) {
    for (CsrRule rule : ALL) {
      Optional<String> problem = rule.problem(csr);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  static Optional<String> signedByItsKey(JcaPKCS10CertificationRequest csr) {
    try {
      boolean valid =
          csr.isSignatureValid(
              new JcaContentVerifierProviderBuilder()
                  .setProvider(Bc.PROVIDER)
                  .build(csr.getSubjectPublicKeyInfo()));
      return valid ? Optional.empty() : Optional.of("the CSR's signature does not verify");
    } catch (Exception e) {
      return Optional.of("the CSR's signature cannot be checked: " + e.getMessage());
    }
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the Java runtime lacks " + name, e);
    }
  }

  /** Same field size is not the same curve (secp256k1 shares P-256's): compare it all. */
  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve())
        && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder());
  }

  static Optional<String> allowedKey(JcaPKCS10CertificationRequest csr) {
    PublicKey key;
    try {
      key = csr.getPublicKey();
    } catch (Exception e) {
      return Optional.of("unreadable public key");
    }
    if (key instanceof ECPublicKey ec) {
      return ALLOWED_CURVES.stream().anyMatch(curve -> sameCurve(curve, ec.getParams()))
          ? Optional.empty()
          : Optional.of("EC keys must be P-256 or P-384");
    }
    if (key instanceof EdECPublicKey ed) {
      return "Ed25519".equalsIgnoreCase(ed.getParams().getName())
          ? Optional.empty()
          : Optional.of("EdDSA keys must be Ed25519");
    }
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength() >= MIN_RSA_BITS
          ? Optional.empty()
          : Optional.of("RSA keys need at least 2048 bits, not " + rsa.getModulus().bitLength());
    }
    return Optional.of("key type " + key.getAlgorithm() + " is not accepted");
  }
}
