package org.p2psip.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

class StoreFailuresTest {

  @Test
  void anUnreachableOrSilentStoreIsAnOutage() {
    assertThat(StoreFailures.isOutage(new RedisConnectionFailureException("refused"))).isTrue();
    assertThat(StoreFailures.isOutage(new QueryTimeoutException("slow"))).isTrue();
    assertThat(StoreFailures.isOutage(new RedisConnectionException("lost"))).isTrue();
    assertThat(StoreFailures.isOutage(new TimeoutException())).isTrue();
    assertThat(StoreFailures.isOutage(new IllegalStateException(new IOException("reset"))))
        .isTrue();
    assertThat(StoreFailures.isOutage(new StoreUnavailableException(Duration.ofSeconds(5), null)))
        .isTrue();
  }

  @Test
  void anErrorRedisAnsweredOrAnyOtherIsNoOutage() {
    assertThat(StoreFailures.isOutage(new RedisCommandExecutionException("ERR script"))).isFalse();
    assertThat(
            StoreFailures.isOutage(
                new RedisSystemException(
                    "wrapped", new RedisCommandExecutionException("WRONGTYPE"))))
        .isFalse();
    assertThat(StoreFailures.isOutage(new IllegalArgumentException("bug"))).isFalse();
  }
}
