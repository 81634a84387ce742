package org.p2psip.landmark.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the Redis client behaves in an outage. Connect and command timeouts come from {@code
 * spring.data.redis.connect-timeout} and {@code timeout} (application.yml); these customizers only
 * add to the options Spring Boot builds.
 */
@Configuration(proxyBeanMethods = false)
class StoreClientConfiguration {

  /**
   * Lettuce by default queues commands while disconnected, so every request would wait for the
   * command timeout and the queue would grow with the load. Rejecting them lets the request be
   * answered 503 at once; Lettuce keeps reconnecting meanwhile.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options ->
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /**
   * Reconnect attempts at most 2 s apart (Lettuce's default backoff grows to 30 s), so the landmark
   * is back within seconds of Redis.
   */
  @Bean
  ClientResourcesBuilderCustomizer quickReconnect() {
    return resources ->
        resources.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
  }
}
