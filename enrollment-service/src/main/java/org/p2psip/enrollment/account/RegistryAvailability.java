package org.p2psip.enrollment.account;

import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks the DisCo registry whether a conference URI is free (its Stat: no live DISCO or
 * SIP-REGISTRATION data), as the DisCo draft's creation flow requires before the URI gets a
 * certificate (section 4.3, step 2).
 */
public final class RegistryAvailability {

  private static final Logger log = LoggerFactory.getLogger(RegistryAvailability.class);

  private final @Nullable WebClient registry;
  private final EnrollmentProperties.Registry settings;

  public RegistryAvailability(EnrollmentProperties.Registry settings) {
    this.settings = settings;
    this.registry =
        settings.url() == null
            ? null
            : WebClient.builder().baseUrl(settings.url().toString()).build();
    if (registry == null) {
      log.warn(
          "p2psip.enrollment.registry.url is not set: conference certificates are issued without"
              + " asking the registry whether the URI already holds data");
    }
  }

  /** True when the URI holds no registry data (or no registry is configured). */
  public Mono<Boolean> available(String conference) {
    if (registry == null) {
      return Mono.just(true);
    }
    return registry
        .get()
        .uri("/v1/resources/{resource}/stat", conference)
        .retrieve()
        .bodyToMono(JsonNode.class)
        .map(stat -> stat.path("available").asBoolean(false))
        .timeout(settings.timeout());
  }
}
