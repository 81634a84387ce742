package org.p2psip.enrollment.web;

import java.math.BigInteger;
import java.security.cert.CRLException;
import java.util.Map;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.CrlIssuer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Revocation by the operator ({@code POST /v1/certificates/{serial hex}/revoke}) and the signed CRL
 * for everyone ({@code GET /crl}, DER, {@code application/pkix-crl}), which the registry and host
 * peers check certificates against.
 */
@RestController
public final class RevocationController {

  static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");

  private final CertificateRegistry registry;
  private final CrlIssuer crls;
  private final AuditTrail audit;
  private final OperatorToken operator;

  public RevocationController(
      CertificateRegistry registry, CrlIssuer crls, AuditTrail audit, OperatorToken operator) {
    this.registry = registry;
    this.crls = crls;
    this.audit = audit;
    this.operator = operator;
  }

  @PostMapping("/v1/certificates/{serial}/revoke")
  public Mono<ResponseEntity<Object>> revoke(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @PathVariable String serial) {
    if (!operator.accepts(authorization)) {
      return Mono.just(ResponseEntity.status(401).build());
    }
    BigInteger number;
    try {
      number = new BigInteger(serial, 16);
    } catch (NumberFormatException e) {
      return Mono.just(ResponseEntity.badRequest().body(Map.of("error", "serial is hexadecimal")));
    }
    return registry
        .revoke(number)
        .flatMap(
            revoked ->
                revoked
                    ? audit
                        .record("certificate-revoked", Map.of("serial", serial))
                        .thenReturn(ResponseEntity.ok((Object) Map.of("revoked", serial)))
                    : Mono.just(ResponseEntity.notFound().build()));
  }

  @GetMapping("/crl")
  public Mono<ResponseEntity<byte[]>> crl() {
    return registry
        .revoked()
        .collectList()
        .map(
            revoked -> {
              try {
                return ResponseEntity.ok()
                    .contentType(PKIX_CRL)
                    .body(crls.sign(revoked).getEncoded());
              } catch (CRLException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
