package org.p2psip.testsupport;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of a Spring Boot test against the test Redis ({@link TestRedis}): Redis is resolved before
 * the context starts, so a missing Redis skips cleanly (or fails under CI), and the context's
 * {@code spring.data.redis.url} points at it.
 */
public abstract class RedisBackedTest {

  @BeforeAll
  static void requireRedis() {
    TestRedis.url();
  }

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", TestRedis::url);
  }
}
