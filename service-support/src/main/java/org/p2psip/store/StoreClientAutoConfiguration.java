package org.p2psip.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * How the Redis client of every service with this library behaves in an outage. Connect and command
 * timeouts stay {@code spring.data.redis.connect-timeout} and {@code timeout} (application.yml);
 * these customizers only add to the options Spring Boot builds.
 */
@AutoConfiguration
public class StoreClientAutoConfiguration {

  /**
   * Lettuce by default queues commands while disconnected, so every request would wait for the
   * command timeout and the queue would grow with the load. Rejecting them lets a request be
   * answered at once (503, a value from memory, or, at the gateway's rate limiter, let through);
   * Lettuce keeps reconnecting meanwhile.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
    return options ->
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /**
   * Reconnect attempts at most 2 s apart (Lettuce's default backoff grows to 30 s), so a service is
   * back within seconds of Redis.
   */
  @Bean
  ClientResourcesBuilderCustomizer quickRedisReconnect() {
    return resources ->
        resources.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
  }
}
