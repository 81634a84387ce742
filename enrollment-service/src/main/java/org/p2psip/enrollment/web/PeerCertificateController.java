package org.p2psip.enrollment.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.HostPeerIssuer;
import org.p2psip.ca.PeerCertificateRequest;
import org.p2psip.ca.PeerRequestRefused;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.HostPeerNodeIds;
import org.p2psip.enrollment.ca.PeerCertificateAuthority;
import org.p2psip.enrollment.ca.PeerRequestPem;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Host-peer certificates (docs/peer-protocol.md 1): the operator has one issued by the peer CA
 * ({@code POST /v1/operator/peer-certificates?node-id=<32 hex>[&validity=30d]}, body one PEM CSR or
 * public key; answer the chain, host-peer certificate then peer CA, PEM), and everyone may read the
 * peer CA ({@code GET /v1/peer-ca}) and its CRL ({@code GET /v1/peer-ca/crl}) to configure a peer
 * port's trust. Refusals are problems ({@code application/problem+json}).
 */
@RestController
public final class PeerCertificateController {

  static final String ISSUE_PATH = "/v1/operator/peer-certificates";
  static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
  private static final Pattern NODE_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Logger log = LoggerFactory.getLogger(PeerCertificateController.class);

  private final PeerCertificateAuthority peerCa;
  private final HostPeerNodeIds nodeIds;
  private final CertificateRegistry registry;
  private final AuditTrail audit;
  private final OperatorToken operator;
  private final EnrollmentProperties.PeerCa settings;

  public PeerCertificateController(
      PeerCertificateAuthority peerCa,
      HostPeerNodeIds nodeIds,
      CertificateRegistry registry,
      AuditTrail audit,
      OperatorToken operator,
      EnrollmentProperties properties) {
    this.peerCa = peerCa;
    this.nodeIds = nodeIds;
    this.registry = registry;
    this.audit = audit;
    this.operator = operator;
    this.settings = properties.peerCa();
  }

  @PostMapping(ISSUE_PATH)
  public Mono<ResponseEntity<Object>> issue(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @RequestParam(name = "node-id", required = false) @Nullable String nodeIdHex,
      @RequestParam(name = "validity", required = false) @Nullable String validityText,
      @RequestBody(required = false) @Nullable String body) {
    if (!operator.accepts(authorization)) {
      return Mono.just(OperatorProblems.unauthorized(ISSUE_PATH));
    }
    Optional<CertificateAuthority> ca = peerCa.ca();
    Optional<HostPeerIssuer> issuer = peerCa.issuer();
    if (ca.isEmpty() || issuer.isEmpty()) {
      return Mono.just(
          OperatorProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "no peer CA configured", ISSUE_PATH));
    }
    if (nodeIdHex == null || !NODE_ID.matcher(nodeIdHex).matches()) {
      return Mono.just(
          OperatorProblems.of(
              HttpStatus.BAD_REQUEST,
              "node-id: the host peer's Node-ID, 32 hexadecimal digits",
              ISSUE_PATH));
    }
    Id128 nodeId = Id128.fromHex(nodeIdHex.toLowerCase(Locale.ROOT));
    Duration validity;
    try {
      validity =
          validityText == null ? settings.validity() : DurationStyle.detectAndParse(validityText);
    } catch (IllegalArgumentException e) {
      return Mono.just(
          OperatorProblems.of(
              HttpStatus.BAD_REQUEST, "validity: a duration such as 30d or P30D", ISSUE_PATH));
    }
    X509Certificate certificate;
    try {
      PeerCertificateRequest request =
          PeerRequestPem.parse(body == null ? "" : body, nodeId, validity);
      certificate = issuer.get().issue(request);
    } catch (PeerRequestRefused refused) {
      log.info("host-peer certificate for {} refused: {}", nodeId, refused.getMessage());
      return Mono.just(
          OperatorProblems.of(HttpStatus.BAD_REQUEST, refused.getMessage(), ISSUE_PATH));
    }
    String serial = certificate.getSerialNumber().toString(16);
    return nodeIds
        .claim(nodeId)
        .flatMap(
            claimed ->
                claimed
                    ? registry
                        .issued(certificate, "host-peer:" + nodeId.hex())
                        .then(
                            audit.record(
                                "peer-certificate-issued",
                                Map.of(
                                    "nodeId",
                                    nodeId.hex(),
                                    "serial",
                                    serial,
                                    "notAfter",
                                    certificate.getNotAfter().toInstant().toString())))
                        .then(
                            Mono.fromRunnable(
                                () ->
                                    log.info(
                                        "issued host-peer certificate {} for Node-ID {}",
                                        serial,
                                        nodeId)))
                        .thenReturn(
                            ResponseEntity.ok()
                                .contentType(PEM)
                                .body((Object) pem(certificate, ca.get().certificate())))
                    : Mono.just(
                        OperatorProblems.of(
                            HttpStatus.CONFLICT,
                            "Node-ID " + nodeId.hex() + " is a client's, not a host peer's",
                            ISSUE_PATH)));
  }

  @GetMapping("/v1/peer-ca")
  public ResponseEntity<Object> certificate() {
    return peerCa
        .ca()
        .map(ca -> ResponseEntity.ok().contentType(PEM).body((Object) pem(ca.certificate())))
        .orElseGet(
            () ->
                OperatorProblems.of(HttpStatus.NOT_FOUND, "no peer CA configured", "/v1/peer-ca"));
  }

  /** The peer CA's CRL: DER, the same revocations as {@code /crl}, signed by the peer CA. */
  @GetMapping("/v1/peer-ca/crl")
  public Mono<ResponseEntity<Object>> crl(
      @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
    return peerCa
        .crls()
        .map(
            crls ->
                crls.current()
                    .map(
                        signed -> {
                          String etag = "\"peer-crl-" + signed.number() + "\"";
                          if (etag.equals(ifNoneMatch)) {
                            return ResponseEntity.status(304).eTag(etag).build();
                          }
                          return ResponseEntity.ok()
                              .contentType(RevocationController.PKIX_CRL)
                              .eTag(etag)
                              .body((Object) signed.der());
                        }))
        .orElseGet(
            () ->
                Mono.just(
                    OperatorProblems.of(
                        HttpStatus.NOT_FOUND, "no peer CA configured", "/v1/peer-ca/crl")));
  }

  static String pem(X509Certificate... certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
