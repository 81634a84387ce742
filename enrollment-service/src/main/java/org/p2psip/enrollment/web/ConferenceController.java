package org.p2psip.enrollment.web;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.account.ConferenceRegistry;
import org.p2psip.enrollment.account.RegistryAvailability;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.CsrRules;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.ResourceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Conference certificates (DisCo section 4.3; docs/protocol.md 4.4): an authenticated participant
 * (multipart {@code username}, {@code password}) asks for a certificate whose user name is a
 * conference URI ({@code conference}, with or without {@code sip:}) for a {@code csr}. The first
 * participant to ask becomes the conference's creator, provided the DisCo registry holds no data
 * under the URI (503 {@code registry_unavailable} when it does not answer); the certificate carries
 * the conference's own Node-ID. Refusals as for enrollment; a URI held by someone else, or that is
 * an account's name, is {@code username_not_available}.
 */
@RestController
public final class ConferenceController {

  private static final Logger log = LoggerFactory.getLogger(ConferenceController.class);

  private final PasswordLogins logins;
  private final ConferenceRegistry conferences;
  private final CertificateIssuer issuer;
  private final CertificateRegistry registry;
  private final AuditTrail audit;
  private final EnrollmentProperties properties;
  private final RegistryAvailability availability;

  public ConferenceController(
      PasswordLogins logins,
      ConferenceRegistry conferences,
      CertificateIssuer issuer,
      CertificateRegistry registry,
      AuditTrail audit,
      EnrollmentProperties properties,
      RegistryAvailability availability) {
    this.availability = availability;
    this.logins = logins;
    this.conferences = conferences;
    this.issuer = issuer;
    this.registry = registry;
    this.audit = audit;
    this.properties = properties;
  }

  @PostMapping(path = "/v1/conferences", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public Mono<ResponseEntity<byte[]>> conference(ServerWebExchange exchange) {
    return exchange
        .getMultipartData()
        .flatMap(
            form ->
                Mono.zip(
                        EnrollmentController.field(form, "username"),
                        EnrollmentController.field(form, "password"),
                        EnrollmentController.field(form, "conference"),
                        EnrollmentController.bytes(form, "csr").defaultIfEmpty(new byte[0]))
                    .flatMap(
                        t ->
                            issue(
                                t.getT1(),
                                t.getT2(),
                                t.getT3(),
                                t.getT4(),
                                GatewayForwardedRequests.clientAddress(exchange))))
        .defaultIfEmpty(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
  }

  private Mono<ResponseEntity<byte[]>> issue(
      String givenUser, String password, String conferenceUri, byte[] csrBytes, String address) {
    // the URI with or without sip:, and what is left must be a user name like any other
    Optional<String> canonical = UserNames.canonical(ResourceIds.withoutSipScheme(conferenceUri));
    if (canonical.isEmpty()) {
      log.info(
          "conference certificate refused: \"{}\" is not a conference URI ({})",
          PasswordLogins.printable(conferenceUri),
          UserNames.problem(ResourceIds.withoutSipScheme(conferenceUri)).orElse(""));
      return Mono.just(EnrollmentController.Refusal.USERNAME_NOT_AVAILABLE.response());
    }
    String conference = canonical.get();
    Optional<String> user = UserNames.canonical(givenUser);
    if (user.isEmpty()) {
      return Mono.just(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response());
    }
    Optional<JcaPKCS10CertificationRequest> csr = CsrRules.parse(csrBytes);
    if (csr.isEmpty() || CsrRules.firstProblem(csr.get()).isPresent()) {
      return Mono.just(EnrollmentController.Refusal.BAD_CSR.response());
    }
    return logins
        .authenticate(user.get(), password, address)
        .flatMap(
            account ->
                firstClaimAllowed(conference)
                    .filter(allowed -> allowed)
                    .flatMap(allowed -> conferences.claim(conference, account.userName()))
                    .flatMap(
                        nodeId -> {
                          X509Certificate certificate =
                              issuer.issue(
                                  EnrollmentController.publicKey(csr.get()),
                                  conference,
                                  List.of(nodeId),
                                  properties.certificates().validity());
                          return registry
                              .issued(certificate, conference)
                              .then(
                                  audit.record(
                                      "conference-certificate-issued",
                                      Map.of(
                                          "conference", conference,
                                          "creator", account.userName(),
                                          "address", address,
                                          "nodeId", nodeId.hex(),
                                          "serial", certificate.getSerialNumber().toString(16))))
                              .thenReturn(
                                  ResponseEntity.ok()
                                      .contentType(EnrollmentController.PKIX_CERT)
                                      .body(EnrollmentController.der(certificate)));
                        })
                    .defaultIfEmpty(EnrollmentController.Refusal.USERNAME_NOT_AVAILABLE.response()))
        .defaultIfEmpty(EnrollmentController.Refusal.FAILED_AUTHENTICATION.response())
        .onErrorResume(
            RegistryUnreachable.class,
            e ->
                Mono.just(
                    ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("registry_unavailable".getBytes(StandardCharsets.US_ASCII))));
  }

  /**
   * A URI nobody has claimed here may be claimed only if the registry holds no data under it (DisCo
   * 4.3); an existing claim is decided by {@link ConferenceRegistry#claim} (its creator gets the
   * certificate again). No answer from the registry refuses rather than guesses.
   */
  private Mono<Boolean> firstClaimAllowed(String conference) {
    return conferences
        .creator(conference)
        .map(existing -> true)
        .switchIfEmpty(
            Mono.defer(
                () -> availability.available(conference).onErrorMap(RegistryUnreachable::new)));
  }

  /** The registry did not answer a Stat. */
  static final class RegistryUnreachable extends RuntimeException {
    RegistryUnreachable(Throwable cause) {
      super("the DisCo registry did not answer: " + cause.getMessage(), cause);
    }
  }
}
