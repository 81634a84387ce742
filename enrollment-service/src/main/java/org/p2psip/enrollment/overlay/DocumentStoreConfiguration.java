package org.p2psip.enrollment.overlay;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * How the enrollment service meets a Redis outage: the Redis client fails commands at once while
 * disconnected, and a {@link StoreAvailability} tells the configuration document that Redis is
 * down, so that {@code /.well-known/reload-config} answers from memory at once. (The client options
 * apply to every Redis call of the service: none of them is better served by waiting for a
 * connection that is gone.) Connect and command timeouts are {@code spring.data.redis.*}
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

  /**
   * Lettuce by default queues commands while disconnected, so every request would wait for the
   * command timeout and the queue would grow with the load. Rejecting them fails the request at
   * once; Lettuce keeps reconnecting meanwhile.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
    return options ->
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /** Reconnect attempts at most 2 s apart (Lettuce's default backoff grows to 30 s). */
  @Bean
  ClientResourcesBuilderCustomizer quickRedisReconnect() {
    return resources ->
        resources.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
  }
}
