package org.p2psip.hostpeer.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.HOUR;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.T0;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.key;
import static org.p2psip.hostpeer.overlay.store.StoreFixture.live;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * With its Redis stopped the store answers {@code failed}, once, and never hangs: Lettuce queues
 * commands while disconnected by default, so the store's own timeout must end each operation.
 */
class RedisReplicaStoreOutageIT {

  @Test
  void everyOperationFailsWhileRedisIsDownAndWorksAgainAfter() throws Exception {
    try (DedicatedRedis server = DedicatedRedis.start()) {
      LettuceConnectionFactory factory = StoreFixture.factory(server.url());
      try {
        RedisReplicaStore store =
            new RedisReplicaStore(StoreFixture.template(factory), () -> T0, Duration.ofSeconds(3));
        StoredVersion version = live(key(Id128.random()), T0, T0 + HOUR, "a");
        // the first call connects and loads the script: on a busy machine that may outlast the
        // timeout, so ask until the store answers (applying again is a no-op)
        Answer<Integer> before = new Answer<>();
        for (int attempt = 0; attempt < 30; attempt++) {
          before = new Answer<>();
          store.apply(List.of(version), before);
          if (before.await().failure() == null) {
            break;
          }
        }
        assertThat(before.value()).isBetween(0, 1);

        server.stop();
        Answer<Integer> apply = new Answer<>();
        store.apply(List.of(live(key(Id128.random()), T0, T0 + HOUR, "b")), apply);
        Answer<List<StoredVersion>> versions = new Answer<>();
        store.versions(version.key().resourceId(), versions);
        Answer<List<StoredVersion>> range = new Answer<>();
        store.range(Range.wholeRing(Id128.random()), range);
        for (Answer<?> answer : List.of(apply, versions, range)) {
          assertThat(answer.await().failure()).isNotBlank();
          assertThat(answer.calls()).isEqualTo(1);
        }

        server.resume();
        Answer<List<StoredVersion>> after = new Answer<>();
        // the reconnection takes a moment: ask until the store answers again
        for (int attempt = 0; attempt < 30; attempt++) {
          after = new Answer<>();
          store.versions(version.key().resourceId(), after);
          if (after.await().failure() == null) {
            break;
          }
        }
        assertThat(after.value()).containsExactly(version);
      } finally {
        factory.destroy();
      }
    }
  }
}
