package org.p2psip.enrollment.web;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.enrollment.account.AccountService;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.CsrRules;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.UserNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Enrollment as RFC 6940 section 11.3 defines it (docs/protocol.md 4.4): a multipart/form-data POST
 * of {@code username}, {@code password}, optional {@code nodeids} (how many) and {@code csr} (DER
 * PKCS#10); 200 with the DER certificate as {@code application/pkix-cert}, or 403 with exactly one
 * of {@code failed_authentication}, {@code username_not_available}, {@code Node-IDs_not_available},
 * {@code bad_CSR} as text/plain.
 */
@RestController
public final class EnrollmentController {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentController.class);
  static final MediaType PKIX_CERT = MediaType.parseMediaType("application/pkix-cert");

  private final AccountService accounts;
  private final CertificateIssuer issuer;
  private final EnrollmentProperties properties;
  private final PasswordLogins logins;
  private final AuditTrail audit;
  private final CertificateRegistry registry;

  public EnrollmentController(
      AccountService accounts,
      CertificateIssuer issuer,
      EnrollmentProperties properties,
      PasswordLogins logins,
      AuditTrail audit,
      CertificateRegistry registry) {
    this.registry = registry;
    this.accounts = accounts;
    this.issuer = issuer;
    this.properties = properties;
    this.logins = logins;
    this.audit = audit;
  }

  /** The four refusals of RFC 6940 11.3. */
  enum Refusal {
    FAILED_AUTHENTICATION("failed_authentication"),
    USERNAME_NOT_AVAILABLE("username_not_available"),
    NODE_IDS_NOT_AVAILABLE("Node-IDs_not_available"),
    BAD_CSR("bad_CSR");

    final String text;

    Refusal(String text) {
      this.text = text;
    }

    ResponseEntity<byte[]> response() {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .contentType(MediaType.TEXT_PLAIN)
          .body(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @PostMapping(path = "/enroll", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public Mono<ResponseEntity<byte[]>> enroll(ServerWebExchange exchange) {
    String address = GatewayForwardedRequests.clientAddress(exchange);
    return exchange
        .getMultipartData()
        .flatMap(
            form ->
                Mono.zip(
                        field(form, "username"),
                        field(form, "password"),
                        field(form, "nodeids").defaultIfEmpty("1"),
                        bytes(form, "csr").defaultIfEmpty(new byte[0]))
                    .flatMap(t -> enroll(t.getT1(), t.getT2(), t.getT3(), t.getT4(), address))
                    .defaultIfEmpty(Refusal.FAILED_AUTHENTICATION.response()));
  }

  private Mono<ResponseEntity<byte[]>> enroll(
      String givenName, String password, String nodeIdCount, byte[] csrBytes, String address) {
    Optional<String> canonical = UserNames.canonical(givenName);
    if (canonical.isEmpty()) {
      log.info(
          "enrolment from {} refused: user name \"{}\" ({})",
          address,
          PasswordLogins.printable(givenName),
          UserNames.problem(givenName).orElse(""));
      // no account can have such a name; asking to register it is asking for one not available
      return Mono.just(
          properties.accounts().selfRegistration()
              ? Refusal.USERNAME_NOT_AVAILABLE.response()
              : Refusal.FAILED_AUTHENTICATION.response());
    }
    String userName = canonical.get();
    int count;
    try {
      count = Integer.parseInt(nodeIdCount.trim());
    } catch (NumberFormatException e) {
      return Mono.just(Refusal.NODE_IDS_NOT_AVAILABLE.response());
    }
    if (count < 1 || count > properties.certificates().maxNodeIds()) {
      return Mono.just(Refusal.NODE_IDS_NOT_AVAILABLE.response());
    }
    Optional<JcaPKCS10CertificationRequest> csr = CsrRules.parse(csrBytes);
    if (csr.isEmpty()) {
      return Mono.just(Refusal.BAD_CSR.response());
    }
    Optional<String> problem = CsrRules.firstProblem(csr.get());
    if (problem.isPresent()) {
      log.info("CSR of {} refused: {}", userName, problem.get());
      return Mono.just(Refusal.BAD_CSR.response());
    }
    return login(userName, password, address)
        .flatMap(
            account ->
                accounts
                    .allocateNodeIds(account, count)
                    .map(
                        nodeIds -> {
                          X509Certificate certificate =
                              issuer.issue(
                                  publicKey(csr.get()),
                                  account,
                                  nodeIds,
                                  properties.certificates().validity());
                          log.info(
                              "issued certificate {} to {} from {} for Node-IDs {}",
                              certificate.getSerialNumber().toString(16),
                              account,
                              address,
                              nodeIds);
                          return certificate;
                        })
                    .flatMap(
                        certificate ->
                            registry
                                .issued(certificate, account)
                                .then(
                                    audit.record(
                                        "certificate-issued",
                                        Map.of(
                                            "user",
                                            account,
                                            "address",
                                            address,
                                            "serial",
                                            certificate.getSerialNumber().toString(16),
                                            "nodeIds",
                                            CertificateIdentity.of(certificate)
                                                .nodeIds()
                                                .toString(),
                                            "notAfter",
                                            certificate.getNotAfter().toInstant().toString())))
                                .thenReturn(
                                    ResponseEntity.ok()
                                        .contentType(PKIX_CERT)
                                        .body(der(certificate)))))
        .defaultIfEmpty(Refusal.FAILED_AUTHENTICATION.response())
        .onErrorResume(NameNotAvailable.class, e -> Mono.just(e.refusal.response()));
  }

  /**
   * The user name of a valid login, creating the account first under self-registration; a name held
   * by a conference (the same Resource-ID) is not available.
   */
  private Mono<String> login(String userName, String password, String address) {
    Mono<String> existing =
        logins.authenticate(userName, password, address).map(account -> account.userName());
    if (!properties.accounts().selfRegistration()) {
      return existing;
    }
    return accounts
        .find(userName)
        .hasElement()
        .flatMap(
            known ->
                known
                    ? existing
                    : accounts
                        .create(userName, password)
                        .flatMap(
                            created ->
                                created
                                    ? audit
                                        .record(
                                            "account-registered",
                                            Map.of("user", userName, "address", address))
                                        .then(existing)
                                    // taken meanwhile by an account (log in to it) or a conference
                                    : accounts
                                        .find(userName)
                                        .hasElement()
                                        .flatMap(
                                            account ->
                                                account
                                                    ? existing
                                                    : Mono.error(
                                                        new NameNotAvailable(
                                                            Refusal.USERNAME_NOT_AVAILABLE)))));
  }

  /** A refusal decided deep in a chain. */
  static final class NameNotAvailable extends RuntimeException {
    final Refusal refusal;

    NameNotAvailable(Refusal refusal) {
      super(refusal.text, null, false, false);
      this.refusal = refusal;
    }
  }

  static PublicKey publicKey(JcaPKCS10CertificationRequest csr) {
    try {
      return csr.getPublicKey();
    } catch (Exception e) {
      throw new IllegalStateException("checked by CsrRules", e);
    }
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Mono<String> field(MultiValueMap<String, Part> form, String name) {
    Part part = form.getFirst(name);
    if (part == null) {
      return Mono.empty();
    }
    if (part instanceof FormFieldPart field) {
      return Mono.just(field.value());
    }
    return bytes(form, name).map(String::new);
  }

  static Mono<byte[]> bytes(MultiValueMap<String, Part> form, String name) {
    Part part = form.getFirst(name);
    if (part == null) {
      return Mono.empty();
    }
    if (part instanceof FormFieldPart field) {
      return Mono.just(field.value().getBytes(StandardCharsets.ISO_8859_1));
    }
    return DataBufferUtils.join(part.content())
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            });
  }
}
