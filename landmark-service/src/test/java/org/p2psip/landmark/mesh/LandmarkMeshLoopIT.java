package org.p2psip.landmark.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.landmark.LandmarkProperties;
import org.p2psip.store.StoreAvailability;
import org.p2psip.testsupport.RedisBackedTest;
import org.p2psip.testsupport.TestRedis;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mesh's loops survive a round that fails in any way, here a clock that throws once while a
 * measurement round is being built (before it is even a Mono): the failure is counted and the next
 * round registers the landmark as usual. Real Redis, real mesh, no Spring context.
 */
class LandmarkMeshLoopIT extends RedisBackedTest {

  LettuceConnectionFactory connections;
  LandmarkMesh mesh;

  /** The system clock, except that the first reading of the time after arming it throws. */
  static final class FailingOnceClock extends Clock {
    final AtomicBoolean armed = new AtomicBoolean(true);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      if (armed.getAndSet(false)) {
        throw new IllegalStateException("injected: the clock failed once");
      }
      return Instant.now();
    }
  }

  @AfterEach
  void close() {
    if (mesh != null) {
      mesh.stop();
    }
    if (connections != null) {
      connections.destroy();
    }
  }

  @Test
  void aRoundThatThrowsIsCountedAndTheLoopGoesOn() {
    URI redis = URI.create(TestRedis.url());
    connections =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(redis.getHost(), redis.getPort()));
    connections.afterPropertiesSet();
    ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connections);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LandmarkProperties properties =
        new LandmarkProperties(
            "lm-loop",
            "127.0.0.1",
            0,
            "127.0.0.1",
            200,
            50,
            Duration.ZERO,
            new LandmarkProperties.Mesh(
                Duration.ofMillis(100),
                1,
                Duration.ofMillis(200),
                Duration.ofMillis(5),
                3,
                Duration.ofSeconds(45),
                Duration.ofHours(1),
                Duration.ofSeconds(20),
                2,
                1,
                0.2,
                "loop-" + UUID.randomUUID()),
            new LandmarkProperties.Store(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    StoreAvailability availability =
        new StoreAvailability(template, Duration.ofSeconds(1), Duration.ofSeconds(5), meters);
    LandmarkDirectory directory =
        new LandmarkDirectory(
            template, JsonMapper.builder().build(), properties.mesh().namespace(), availability);
    FailingOnceClock clock = new FailingOnceClock();
    mesh =
        new LandmarkMesh(
            directory,
            new PublishedEmbeddings(directory),
            properties,
            "lm-loop",
            () -> 6090,
            clock,
            meters);

    mesh.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                directory.live(System.currentTimeMillis(), Duration.ofSeconds(45)).block().stream()
                    .anyMatch(landmark -> landmark.id().equals("lm-loop")));
    assertThat(clock.armed).isFalse();
    assertThat(meters.counter("p2psip.loop.failures", "loop", "landmark-measure").count())
        .isEqualTo(1);
  }
}
