package org.p2psip.enrollment.web;

import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.enrollment.overlay.ConfigurationDocuments;
import org.p2psip.store.StoreAvailability;
import org.p2psip.store.StoreUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /.well-known/reload-config}: the signed overlay configuration (RFC 6940 11.1). While
 * Redis is down the last document this replica served is answered (it is signed and valid; the
 * sequence it carries is the current one unless the content changed meanwhile), at once; a replica
 * that has none answers 503 with {@code Retry-After}, in plain text as the enrollment service's
 * other refusals.
 */
@RestController
public final class ConfigurationDocumentController {

  private static final MediaType OVERLAY_XML =
      MediaType.parseMediaType(ConfigurationDocuments.MEDIA_TYPE);

  private final ConfigurationDocuments documents;
  private final StoreAvailability availability;
  private final String retryAfter;

  public ConfigurationDocumentController(
      ConfigurationDocuments documents,
      StoreAvailability availability,
      EnrollmentProperties properties) {
    this.documents = documents;
    this.availability = availability;
    this.retryAfter = Long.toString(Math.max(1, properties.document().retryAfter().toSeconds()));
  }

  @GetMapping("/.well-known/reload-config")
  public Mono<ResponseEntity<String>> configuration() {
    return availability
        .guard(documents.current())
        .onErrorResume(
            StoreUnavailableException.class,
            unavailable ->
                documents.lastSigned().map(Mono::just).orElseGet(() -> Mono.error(unavailable)))
        .map(document -> ResponseEntity.ok().contentType(OVERLAY_XML).body(document))
        .onErrorResume(
            StoreUnavailableException.class,
            unavailable ->
                Mono.just(
                    ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, retryAfter)
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("configuration_unavailable")));
  }
}
