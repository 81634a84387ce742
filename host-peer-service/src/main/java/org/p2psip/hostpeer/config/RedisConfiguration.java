package org.p2psip.hostpeer.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.p2psip.hostpeer.auth.AccountStore;
import org.p2psip.hostpeer.record.NearCache;
import org.p2psip.hostpeer.record.OneStorePlacement;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.RedisRecordStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Redis access of the host peer: binary values, fail-fast when Redis is unreachable. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  /**
   * Lettuce normally queues commands while disconnected, so a request would wait for Redis to
   * return. A host peer must instead answer 408 at once and tell its clients (Notify), so commands
   * are rejected while the connection is down; Lettuce keeps reconnecting meanwhile.
   */
  @Bean
  LettuceClientConfigurationBuilderCustomizer rejectCommandsWhileDisconnected() {
    return builder ->
        builder.clientOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
  }

  /**
   * Reconnect quickly after an outage: Lettuce's default backoff grows to 30 s, which would keep
   * the peer in "overlay service interrupt" long after Redis is back.
   */
  @Bean
  ClientResourcesBuilderCustomizer quickReconnect() {
    return builder ->
        builder.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
  }

  @Bean
  ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate(
      ReactiveRedisConnectionFactory connectionFactory) {
    return binaryTemplate(connectionFactory);
  }

  static ReactiveRedisTemplate<String, byte[]> binaryTemplate(
      ReactiveRedisConnectionFactory connectionFactory) {
    RedisSerializationContext<String, byte[]> context =
        RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
            .value(RedisSerializer.byteArray())
            .hashKey(RedisSerializer.byteArray())
            .hashValue(RedisSerializer.byteArray())
            .build();
    return new ReactiveRedisTemplate<>(connectionFactory, context);
  }

  /**
   * The accounts, read from this peer's Redis, or from the enrollment service's when {@code
   * auth.accounts-redis-url} names it (a ring member's Redis is its own). That connection is not a
   * bean, so Spring Boot's Redis auto-configuration still makes this peer's own; it is closed with
   * the store.
   */
  @Bean
  AccountStore accountStore(
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate, HostPeerProperties properties) {
    String url = properties.auth().accountsRedisUrl();
    if (url == null || url.isBlank()) {
      return new AccountStore(binaryRedisTemplate, () -> {});
    }
    LettuceConnectionFactory accounts =
        new LettuceConnectionFactory(
            LettuceConnectionFactory.createRedisConfiguration(url),
            LettuceClientConfiguration.builder()
                .commandTimeout(properties.limits().storeTimeout())
                .build());
    accounts.afterPropertiesSet();
    accounts.start();
    return new AccountStore(binaryTemplate(accounts), accounts::destroy);
  }

  @Bean
  RecordStore redisRecordStore(
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate, HostPeerProperties properties) {
    return new RedisRecordStore(binaryRedisTemplate, properties.records());
  }

  /**
   * This peer's store, read through the in-process cache: a one-peer overlay's placement. With the
   * overlay on, the overlay peer's configuration places records instead.
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "p2psip.host-peer.overlay",
      name = "enabled",
      havingValue = "false",
      matchIfMissing = true)
  RecordPlacement recordPlacement(RecordStore redisRecordStore, HostPeerProperties properties) {
    HostPeerProperties.Records records = properties.records();
    return new OneStorePlacement(
        new NearCache(
            redisRecordStore,
            records.nearCacheTtl(),
            records.nearCacheEntries(),
            System::nanoTime,
            Clock.systemUTC()));
  }
}
