package org.p2psip.testsupport;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Gives tests the URL of a real Redis.
 *
 * <p>Order of preference: the {@code REDIS_URL} environment variable (what {@code .ci/run} and
 * {@code make test} export), then a throwaway container when a Docker engine answers. With neither,
 * a test fails under {@code CI=true} and is skipped with a clear message otherwise, so no test ever
 * passes silently without Redis.
 */
public final class TestRedis {

  /** Redis 7.0 is what Debian ships and what the services are written against. */
  static final String IMAGE = "redis:7.0-alpine";

  private static volatile @Nullable String url;
  private static @Nullable GenericContainer<?> container;

  private TestRedis() {}

  /** The Redis URL for this test JVM, e.g. {@code redis://127.0.0.1:6379}. */
  public static synchronized String url() {
    if (url == null) {
      url = resolve(System.getenv());
    }
    return url;
  }

  static String resolve(Map<String, String> env) {
    String fromEnv = env.get("REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    if (dockerAvailable()) {
      return startContainer();
    }
    String reason =
        "No Redis for this test: REDIS_URL is not set and no Docker engine answers."
            + " Run the tests with `make test` (it starts a local redis-server) or export REDIS_URL.";
    if ("true".equalsIgnoreCase(env.get("CI"))) {
      throw new IllegalStateException(reason + " Under CI=true this is a failure, not a skip.");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String startContainer() {
    @SuppressWarnings("resource") // lives as long as the test JVM; Ryuk removes it afterwards
    GenericContainer<?> redis = new GenericContainer<>(IMAGE).withExposedPorts(6379);
    redis.start();
    container = redis;
    return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
  }
}
