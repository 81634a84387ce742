package org.p2psip.hostpeer.overlay.store;

import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Connections and versions for the overlay-store tests. */
public final class StoreFixture {

  /** A plausible clock reading: the tests move it by hand. */
  static final long T0 = 1_700_000_000_000L;

  static final long HOUR = 3_600_000L;

  private StoreFixture() {}

  /** A started factory for {@code url} with Lettuce's defaults, as the peer's template is built. */
  public static LettuceConnectionFactory factory(String url) {
    URI uri = URI.create(url);
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  public static ReactiveRedisTemplate<String, byte[]> template(LettuceConnectionFactory factory) {
    return new ReactiveRedisTemplate<>(
        factory,
        RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
            .value(RedisSerializer.byteArray())
            .hashKey(RedisSerializer.byteArray())
            .hashValue(RedisSerializer.byteArray())
            .build());
  }

  /** A key prefix of one test's own, so tests sharing one Redis see only their store. */
  static String freshPrefix() {
    return "test:ovl:" + UUID.randomUUID() + ":";
  }

  /** An ID whose first byte is {@code first} and whose other bytes are all {@code rest}. */
  static Id128 id(int first, int rest) {
    byte[] bytes = new byte[Id128.LENGTH];
    Arrays.fill(bytes, (byte) rest);
    bytes[0] = (byte) first;
    return Id128.wrap(bytes);
  }

  static ObjectKey key(Id128 resourceId) {
    return new ObjectKey(resourceId, Id128.random(), Id128.random());
  }

  static StoredVersion live(ObjectKey key, long storageTime, long expiry, String content) {
    return new StoredVersion(key, new Version(storageTime, false, expiry), 1, Octets.utf8(content));
  }

  static StoredVersion tombstone(ObjectKey key, long storageTime, long expiry) {
    return new StoredVersion(key, new Version(storageTime, true, expiry), 1, null);
  }
}
