package org.p2psip.hostpeer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.RawClient;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.RedisBackedTest;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.core.CoreSubscriber;
import reactor.netty.Connection;

/**
 * The peer's long-lived loops outlive a failure in one round: the session reaper a session that
 * cannot be closed, the Notify fan-out a client whose queue throws, the status monitor a subscriber
 * that throws and a stop and start. Each failure is counted in {@code p2psip.loop.failures}.
 */
@SpringBootTest(
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.load.check-interval=200ms",
      "p2psip.host-peer.limits.join-timeout=2s"
    })
class LongLivedLoopsIT extends RedisBackedTest {

  @Autowired HostPeerServer server;
  @Autowired SessionRegistry sessions;
  @Autowired PeerStatusMonitor monitor;
  @Autowired MeterRegistry meters;

  @AfterEach
  void undrain() {
    monitor.drain(false);
    await().atMost(Duration.ofSeconds(30)).until(() -> monitor.current() == PeerStatus.GOOD);
  }

  double failures(String loop) {
    Counter counter = meters.find("p2psip.loop.failures").tag("loop", loop).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A connection the test controls: an embedded channel, optionally refusing to be closed. */
  static Connection connection(boolean closes) {
    Channel channel = new EmbeddedChannel();
    return new Connection() {
      @Override
      public Channel channel() {
        return channel;
      }

      @Override
      public void dispose() {
        if (!closes) {
          throw new IllegalStateException("injected: this connection cannot be closed");
        }
        channel.close();
      }
    };
  }

  static Session session(String id, Connection connection, long connectedAt) {
    return new Session(id, connection, new InetSocketAddress("192.0.2.1", 5060), connectedAt);
  }

  static CompletableFuture<PeerStatus> nextStatus(HostPeerTestClient client) {
    return client
        .client
        .peerRequests()
        .map(notify -> notify.first(StatusAttribute.class).status())
        .next()
        .toFuture();
  }

  @Test
  void theReaperGoesOnPastASessionThatCannotBeClosed() throws Exception {
    double before = failures("session-reaper");
    // overdue for its Join long ago: the next sweep tries to close it
    Session unclosable =
        session("unclosable", connection(false), System.nanoTime() - Duration.ofHours(1).toNanos());
    sessions.add(unclosable);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> failures("session-reaper") == before + 1);
      // a real client that never joins is still dropped by a later sweep
      try (RawClient silent = new RawClient(server.port())) {
        await().atMost(Duration.ofSeconds(60)).until(silent::closedByPeer);
      }
      assertThat(failures("session-reaper")).as("tried once only").isEqualTo(before + 1);
    } finally {
      sessions.remove(unclosable);
    }
  }

  @Test
  void notifyGoesOnPastAClientWhoseQueueThrows() throws Exception {
    double before = failures("notify");
    Session broken = session("broken-reader", connection(true), System.nanoTime());
    broken.join(Id128.random(), null, null);
    // the reader of its peer messages throws, as a broken writer would, out of push()
    broken.peerMessages().subscribe(new ThrowingSubscriber<>(false));
    sessions.add(broken);
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      assertThat(code(client.join())).isEqualTo(200);

      CompletableFuture<PeerStatus> busy = nextStatus(client);
      monitor.drain(true);
      assertThat(busy.get(20, TimeUnit.SECONDS)).isEqualTo(PeerStatus.BUSY);
      await().atMost(Duration.ofSeconds(20)).until(() -> failures("notify") >= before + 1);

      CompletableFuture<PeerStatus> good = nextStatus(client);
      monitor.drain(false);
      assertThat(good.get(20, TimeUnit.SECONDS)).as("the next change").isEqualTo(PeerStatus.GOOD);
    } finally {
      sessions.remove(broken);
    }
  }

  @Test
  void statusChecksGoOnPastASubscriberThatThrows() {
    double before = failures("peer-status");
    ThrowingSubscriber<PeerStatus> listener = new ThrowingSubscriber<>(true);
    monitor.changes().subscribe(listener);
    try {
      monitor.drain(true);
      await().atMost(Duration.ofSeconds(20)).until(() -> failures("peer-status") == before + 1);
      assertThat(monitor.current()).isEqualTo(PeerStatus.BUSY);

      monitor.drain(false);
      await()
          .alias("later checks still run")
          .atMost(Duration.ofSeconds(20))
          .until(() -> monitor.current() == PeerStatus.GOOD);
    } finally {
      listener.cancel();
    }
  }

  @Test
  void statusChecksRunAgainAfterAStopAndAStart() {
    monitor.stop();
    monitor.start();
    monitor.drain(true);
    await().atMost(Duration.ofSeconds(20)).until(() -> monitor.current() == PeerStatus.BUSY);
  }

  /**
   * A subscriber whose onNext throws (the first time only, if asked). A plain {@link
   * CoreSubscriber}, not a lambda one, so that the exception reaches whoever emitted.
   */
  static final class ThrowingSubscriber<T> implements CoreSubscriber<T> {

    private final boolean once;
    private final AtomicBoolean thrown = new AtomicBoolean();
    private volatile Subscription subscription;

    ThrowingSubscriber(boolean once) {
      this.once = once;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T value) {
      if (!once || thrown.compareAndSet(false, true)) {
        throw new IllegalStateException("injected: cannot take " + value);
      }
    }

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onComplete() {}

    void cancel() {
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
