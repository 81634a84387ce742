package org.p2psip.enrollment.web;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.enrollment.account.Account;
import org.p2psip.enrollment.account.AccountService;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.CsrRules;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.RenewalProof;
import org.p2psip.protocol.reload.UserNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Renewal for the holder of a valid certificate: a multipart POST of {@code certificate} (the
 * current one, DER), {@code csr} (DER PKCS#10, new or same key) and {@code signature} (the current
 * key's signature over the CSR's DER bytes: SHA256withECDSA, Ed25519 or SHA256withRSA by key type),
 * proving possession of the current key. The new certificate keeps the user name and Node-IDs and
 * gets a fresh serial and validity. Through the gateway with the current certificate as TLS client
 * certificate, {@code csr} alone is enough: the handshake proved possession of the key, and the
 * gateway vouches for the certificate ({@link GatewayForwardedRequests}). Refusals are RFC 6940's:
 * {@code failed_authentication} (not ours, expired, revoked, account disabled, bad proof) or {@code
 * bad_CSR}.
 */
@RestController
public final class RenewalController {

  private static final Logger log = LoggerFactory.getLogger(RenewalController.class);

  private final CertificateAuthority ca;
  private final CertificateIssuer issuer;
  private final CertificateRegistry registry;
  private final AccountService accounts;
  private final AuditTrail audit;
  private final EnrollmentProperties properties;

  public RenewalController(
      CertificateAuthority ca,
      CertificateIssuer issuer,
      CertificateRegistry registry,
      AccountService accounts,
      AuditTrail audit,
      EnrollmentProperties properties) {
    this.ca = ca;
    this.issuer = issuer;
    this.registry = registry;
    this.accounts = accounts;
    this.audit = audit;
    this.properties = properties;
  }

  @PostMapping(path = "/renew", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public Mono<ResponseEntity<byte[]>> renew(ServerWebExchange exchange) {
    Optional<X509Certificate> forwarded = GatewayForwardedRequests.certificate(exchange);
    String address = GatewayForwardedRequests.clientAddress(exchange);
    return exchange
        .getMultipartData()
        .flatMap(
            form -> {
              Mono<byte[]> csr = EnrollmentController.bytes(form, "csr");
              if (forwarded.isPresent() && !form.containsKey("signature")) {
                return csr.flatMap(der -> renew(encoded(forwarded.get()), der, null, address));
              }
              return Mono.zip(
                      EnrollmentController.bytes(form, "certificate"),
                      csr,
                      EnrollmentController.bytes(form, "signature"))
                  .flatMap(parts -> renew(parts.getT1(), parts.getT2(), parts.getT3(), address));
            })
        .defaultIfEmpty(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
  }

  /**
   * @param proof the current key's signature over the CSR, or null when the TLS handshake with the
   *     gateway was the proof
   */
  private Mono<ResponseEntity<byte[]>> renew(
      byte[] certificateDer, byte[] csrDer, byte @Nullable [] proof, String address) {
    Optional<X509Certificate> current = ours(certificateDer);
    if (current.isEmpty()) {
      return Mono.just(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
    }
    Optional<JcaPKCS10CertificationRequest> csr = CsrRules.parse(csrDer);
    if (csr.isEmpty() || CsrRules.firstProblem(csr.get()).isPresent()) {
      return Mono.just(EnrollmentController.Refusal.BAD_CSR.response());
    }
    if (proof != null && !RenewalProof.verify(current.get().getPublicKey(), csrDer, proof)) {
      log.info("renewal of {} refused: no proof of the current key", serial(current.get()));
      return Mono.just(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
    }
    CertificateIdentity identity = CertificateIdentity.of(current.get());
    if (!UserNames.isCanonical(identity.userName())) {
      // issued before the one user-name grammar: not renewed, the user enrols again
      log.info(
          "renewal of {} refused: user name \"{}\" is not a canonical user name",
          serial(current.get()),
          PasswordLogins.printable(identity.userName()));
      return Mono.just(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
    }
    return registry
        .isRevoked(current.get().getSerialNumber())
        .filter(revoked -> !revoked)
        .flatMap(notRevoked -> accounts.find(identity.userName()))
        .filter(Account::active)
        .flatMap(
            account -> {
              X509Certificate renewed =
                  issuer.issue(
                      EnrollmentController.publicKey(csr.get()),
                      identity.userName(),
                      identity.nodeIds(),
                      properties.certificates().validity());
              return registry
                  .issued(renewed, identity.userName())
                  .then(
                      audit.record(
                          "certificate-renewed",
                          Map.of(
                              "user", identity.userName(),
                              "address", address,
                              "previous", serial(current.get()),
                              "serial", serial(renewed),
                              "proof", proof == null ? "gateway-client-certificate" : "signature")))
                  .thenReturn(
                      ResponseEntity.ok()
                          .contentType(EnrollmentController.PKIX_CERT)
                          .body(EnrollmentController.der(renewed)));
            })
        .defaultIfEmpty(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
  }

  /** The certificate if this CA issued it and it is valid now. */
  private Optional<X509Certificate> ours(byte[] der) {
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      certificate.verify(ca.certificate().getPublicKey());
      certificate.checkValidity();
      CertificateIdentity.of(certificate);
      return Optional.of(certificate);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      return new byte[0];
    }
  }

  private static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }
}
