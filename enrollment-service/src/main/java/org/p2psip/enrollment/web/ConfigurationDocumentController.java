package org.p2psip.enrollment.web;

import org.p2psip.enrollment.overlay.ConfigurationDocuments;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /.well-known/reload-config}: the signed overlay configuration (RFC 6940 11.1). */
@RestController
public final class ConfigurationDocumentController {

  private static final MediaType OVERLAY_XML =
      MediaType.parseMediaType(ConfigurationDocuments.MEDIA_TYPE);

  private final ConfigurationDocuments documents;

  public ConfigurationDocumentController(ConfigurationDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/.well-known/reload-config")
  public Mono<ResponseEntity<String>> configuration() {
    return documents
        .current()
        .map(document -> ResponseEntity.ok().contentType(OVERLAY_XML).body(document));
  }
}
