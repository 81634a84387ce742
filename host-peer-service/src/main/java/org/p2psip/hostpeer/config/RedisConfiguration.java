package org.p2psip.hostpeer.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.p2psip.hostpeer.record.LocalRecordPlacement;
import org.p2psip.hostpeer.record.NearCache;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.RedisRecordStore;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
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
    RedisSerializationContext<String, byte[]> context =
        RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
            .value(RedisSerializer.byteArray())
            .hashKey(RedisSerializer.byteArray())
            .hashValue(RedisSerializer.byteArray())
            .build();
    return new ReactiveRedisTemplate<>(connectionFactory, context);
  }

  @Bean
  RecordStore redisRecordStore(
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate, HostPeerProperties properties) {
    return new RedisRecordStore(binaryRedisTemplate, properties.records());
  }

  /** This peer's store, read through the in-process cache: a one-peer overlay's placement. */
  @Bean
  RecordPlacement recordPlacement(RecordStore redisRecordStore, HostPeerProperties properties) {
    HostPeerProperties.Records records = properties.records();
    return new LocalRecordPlacement(
        new NearCache(
            redisRecordStore,
            records.nearCacheTtl(),
            records.nearCacheEntries(),
            System::nanoTime,
            Clock.systemUTC()));
  }
}
