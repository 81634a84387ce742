package org.p2psip.enrollment.overlay;

import io.micrometer.core.instrument.MeterRegistry;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.store.StoreAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * How the enrollment service meets a Redis outage: the Redis client fails commands at once while
 * disconnected (service-support's auto-configuration, for every Redis call of the service: none of
 * them is better served by waiting for a connection that is gone), and a {@link StoreAvailability}
 * tells the configuration document that Redis is down, so that {@code /.well-known/reload-config}
 * answers from memory at once. Connect and command timeouts are {@code spring.data.redis.*}
 * (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class DocumentStoreConfiguration {

  @Bean
  StoreAvailability documentStoreAvailability(
      ReactiveStringRedisTemplate redis, EnrollmentProperties properties, MeterRegistry meters) {
    return new StoreAvailability(
        redis,
        properties.document().storeProbeInterval(),
        properties.document().retryAfter(),
        meters);
  }
}
