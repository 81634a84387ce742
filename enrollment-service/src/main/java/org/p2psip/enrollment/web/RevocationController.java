package org.p2psip.enrollment.web;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.RevocationAnnouncements;
import org.p2psip.enrollment.ca.SignedCrls;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Revocation by the operator ({@code POST /v1/certificates/{serial hex}/revoke}), the signed CRL
 * for everyone ({@code GET /crl}, DER, {@code application/pkix-crl}, served from memory between
 * revocations: {@link SignedCrls}), and the revocations as they happen ({@code GET
 * /v1/revocations}, server-sent events), which the registry and host peers follow so that a
 * revocation takes effect in seconds, not at their next CRL refresh.
 */
@RestController
public final class RevocationController {

  static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");

  /** Often enough that proxies and load balancers never see an idle stream. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final CertificateRegistry registry;
  private final SignedCrls crls;
  private final RevocationAnnouncements announcements;
  private final AuditTrail audit;
  private final OperatorToken operator;

  public RevocationController(
      CertificateRegistry registry,
      SignedCrls crls,
      RevocationAnnouncements announcements,
      AuditTrail audit,
      OperatorToken operator) {
    this.registry = registry;
    this.crls = crls;
    this.announcements = announcements;
    this.audit = audit;
    this.operator = operator;
  }

  @PostMapping("/v1/certificates/{serial}/revoke")
  public Mono<ResponseEntity<Object>> revoke(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
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
                    ? announcements
                        .announce(number)
                        .then(audit.record("certificate-revoked", Map.of("serial", serial)))
                        .thenReturn(ResponseEntity.ok((Object) Map.of("revoked", serial)))
                    : Mono.just(ResponseEntity.notFound().build()));
  }

  @GetMapping("/crl")
  public Mono<ResponseEntity<byte[]>> crl(
      @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
    return crls.current()
        .map(
            signed -> {
              String etag = "\"crl-" + signed.number() + "\"";
              if (etag.equals(ifNoneMatch)) {
                return ResponseEntity.status(304).eTag(etag).<byte[]>build();
              }
              return ResponseEntity.ok().contentType(PKIX_CRL).eTag(etag).body(signed.der());
            });
  }

  /**
   * Revocations as they happen: first {@code ready} (fetch the CRL now: what happened before is in
   * it), then {@code revoked} with the serial (lower-case hex) of each revoked certificate, and
   * {@code resync} when this replica may have missed announcements (fetch the CRL again); comments
   * keep the stream alive.
   */
  @GetMapping(path = "/v1/revocations", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<String>> revocations() {
    Flux<ServerSentEvent<String>> events =
        announcements
            .events()
            .onBackpressureBuffer(1024, BufferOverflowStrategy.DROP_OLDEST)
            .map(
                event ->
                    event.resync()
                        ? ServerSentEvent.<String>builder().event("resync").data("{}").build()
                        : ServerSentEvent.<String>builder()
                            .event("revoked")
                            .id(event.serial().toString(16))
                            .data("{\"serial\":\"" + event.serial().toString(16) + "\"}")
                            .build());
    Flux<ServerSentEvent<String>> keepAlive =
        Flux.interval(KEEP_ALIVE)
            .onBackpressureDrop()
            .map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build());
    return Flux.concat(
        Mono.just(ServerSentEvent.<String>builder().event("ready").data("{}").build()),
        Flux.merge(events, keepAlive));
  }
}
