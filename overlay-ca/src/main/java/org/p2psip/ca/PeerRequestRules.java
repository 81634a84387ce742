package org.p2psip.ca;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;

/**
 * The rules a host-peer certificate request must pass, in order, as a chain of small checks: a
 * Node-ID other than 0, an EC P-256 key, no names but the peer's own {@code reload://} URI (a peer
 * certificate names no user), and a validity within the maximum.
 */
public final class PeerRequestRules {

  private static final ECParameterSpec P256 = p256();
  private static final Id128 ZERO = Id128.of(new byte[Id128.LENGTH]);

  private PeerRequestRules() {}

  /** Every rule, for certificates of {@code overlay} valid at most {@code maxValidity}. */
  public static List<PeerRequestRule> all(String overlay, Duration maxValidity) {
    return List.of(
        PeerRequestRules::nodeIdNotZero,
        PeerRequestRules::p256Key,
        request -> onlyItsOwnName(request, overlay),
        request -> validityWithin(request, maxValidity));
  }

  /** The first rule of {@code rules} that {@code request} breaks, if any. */
  public static Optional<String> firstProblem(
      List<PeerRequestRule> rules, PeerCertificateRequest request) {
    for (PeerRequestRule rule : rules) {
      Optional<String> problem = rule.problem(request);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  static Optional<String> nodeIdNotZero(PeerCertificateRequest request) {
    return request.nodeId().equals(ZERO)
        ? Optional.of("Node-ID 0 is never valid")
        : Optional.empty();
  }

  static Optional<String> p256Key(PeerCertificateRequest request) {
    return request.key() instanceof ECPublicKey ec && sameCurve(ec.getParams(), P256)
        ? Optional.empty()
        : Optional.of("a host peer's key is EC P-256");
  }

  static Optional<String> onlyItsOwnName(PeerCertificateRequest request, String overlay) {
    String own = CertificateIdentity.reloadUri(request.nodeId(), overlay);
    for (GeneralName name : request.requestedNames()) {
      if (name.getTagNo() == GeneralName.rfc822Name) {
        return Optional.of("a peer certificate names no user");
      }
      if (name.getTagNo() != GeneralName.uniformResourceIdentifier
          || !own.equalsIgnoreCase(name.getName().toString())) {
        return Optional.of("a peer certificate names nothing but " + own);
      }
    }
    return Optional.empty();
  }

  static Optional<String> validityWithin(PeerCertificateRequest request, Duration maximum) {
    if (request.validity().isNegative() || request.validity().isZero()) {
      return Optional.of("the validity must be positive");
    }
    return request.validity().compareTo(maximum) > 0
        ? Optional.of("the validity exceeds the maximum of " + maximum)
        : Optional.empty();
  }

  /** Same field size is not the same curve (secp256k1 shares P-256's): compare it all. */
  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve())
        && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the Java runtime lacks secp256r1", e);
    }
  }
}
