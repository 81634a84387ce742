package org.p2psip.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.p2psip.registry.store.DictionaryStore;
import org.p2psip.registry.store.StoreAvailability;
import org.p2psip.registry.trust.OverlayTrust;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
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
    if (trust.enrollmentUrl() != null) {
      HttpClient http = HttpClient.create();
      if (trust.enrollmentSslBundle() != null && !trust.enrollmentSslBundle().isBlank()) {
        var bundle = bundles.getBundle(trust.enrollmentSslBundle());
        http =
            http.secure(
                spec ->
                    spec.sslContext(
                        reactor.netty.http.Http11SslContextSpec.forClient()
                            .configure(
                                builder ->
                                    builder.trustManager(
                                        bundle.getManagers().getTrustManagerFactory()))));
      }
      enrollment =
          WebClient.builder()
              .baseUrl(trust.enrollmentUrl().toString())
              .clientConnector(new ReactorClientHttpConnector(http))
              .build();
    }
    return new OverlayTrust(trust, enrollment);
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
}
