package org.p2psip.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/** The Redis that tests are given is real: it answers, and keeps what is written to it. */
class TestRedisIT {

  @Test
  void redisAnswersAndStoresData() {
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      var redis = connection.sync();
      assertThat(redis.ping()).isEqualTo("PONG");
      String key = "test-support:" + System.nanoTime();
      redis.setex(key, 30, "value");
      assertThat(redis.get(key)).isEqualTo("value");
      redis.del(key);
    } finally {
      client.shutdown();
    }
  }
}
