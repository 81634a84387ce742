package org.p2psip.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.p2psip.problem.ProblemAnswers;
import org.p2psip.problem.ProblemExceptionHandler;
import org.p2psip.registry.store.DictionaryStore;
import org.p2psip.store.StoreAvailability;
import org.p2psip.trust.EnrollmentClients;
import org.p2psip.trust.OverlayTrust;
import org.p2psip.trust.TrustSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the registry: trust anchor, Redis dictionary store (failing fast while Redis is down),
 * change notifications.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
class RegistryConfiguration {

  @Bean
  OverlayTrust overlayTrust(RegistryProperties properties, SslBundles bundles) {
    RegistryProperties.Trust trust = properties.trust();
    WebClient enrollment = null;
    if (trust.caCertificate() == null && trust.enrollmentUrl() != null) {
      String bundle = trust.enrollmentSslBundle();
      enrollment =
          EnrollmentClients.webClient(
              trust.enrollmentUrl(),
              bundle == null || bundle.isBlank()
                  ? null
                  : bundles.getBundle(bundle).getManagers().getTrustManagerFactory());
    }
    if (trust.caCertificate() == null && trust.enrollmentUrl() == null) {
      throw new IllegalStateException(
          "the registry needs the overlay CA: set p2psip.registry.trust.ca-certificate (PEM file)"
              + " or p2psip.registry.trust.enrollment-url");
    }
    return new OverlayTrust(
        new TrustSettings(
            trust.caCertificate(), trust.crl(), trust.enrollmentUrl(), trust.refresh()),
        enrollment);
  }

  @Bean
  StoreAvailability storeAvailability(
      ReactiveStringRedisTemplate redis, RegistryProperties properties, MeterRegistry meters) {
    return new StoreAvailability(
        redis, properties.store().probeInterval(), properties.store().retryAfter(), meters);
  }

  @Bean
  DictionaryStore dictionaryStore(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      RegistryProperties properties,
      StoreAvailability availability) {
    return new DictionaryStore(redis, json, properties.maxEntriesPerKind(), availability);
  }

  @Bean
  RegistryService registryService(
      DictionaryStore store,
      OverlayTrust trust,
      RegistryProperties properties,
      MeterRegistry meters) {
    return new RegistryService(store, trust, properties, Clock.systemUTC(), meters);
  }

  @Bean(destroyMethod = "destroy")
  ReactiveRedisMessageListenerContainer changeListener(ReactiveRedisConnectionFactory redis) {
    return new ReactiveRedisMessageListenerContainer(redis);
  }

  /** Errors that escape the dispatcher, as problems too (before Spring Boot's own JSON). */
  @Bean
  ProblemExceptionHandler problemExceptionHandler(ProblemAnswers problems, JsonMapper json) {
    return new ProblemExceptionHandler(problems, json);
  }
}
