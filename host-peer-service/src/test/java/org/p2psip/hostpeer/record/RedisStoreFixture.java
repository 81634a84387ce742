package org.p2psip.hostpeer.record;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.testsupport.TestRedis;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/** A real Redis for the record-store tests, reached through the template the peer uses. */
abstract class RedisStoreFixture {

  static LettuceConnectionFactory factory;
  static ReactiveRedisTemplate<String, byte[]> redis;
  static final HostPeerProperties.Records LIMITS =
      new HostPeerProperties.Records(
          Duration.ofHours(1), Duration.ofDays(1), 8192, 20, 30, 4000, Duration.ZERO, 0);

  @BeforeAll
  static void connect() {
    URI url = URI.create(TestRedis.url());
    factory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    redis =
        new ReactiveRedisTemplate<>(
            factory,
            RedisSerializationContext.<String, byte[]>newSerializationContext(
                    RedisSerializer.string())
                .value(RedisSerializer.byteArray())
                .hashKey(RedisSerializer.byteArray())
                .hashValue(RedisSerializer.byteArray())
                .build());
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  static StoredObject object(Id128 resource, Id128 owner, String content) {
    Octets bytes = Octets.utf8(content);
    return new StoredObject(resource, owner, ResourceInfo.hashOf(bytes), 1, bytes);
  }
}
