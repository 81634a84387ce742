package org.p2psip.hostpeer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.hostpeer.status.LoopFailures;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The host peer's units as unit tests build them: sessions over an embedded channel (no socket), a
 * status monitor whose store check is a plain function and whose time never passes unless a test
 * moves it.
 */
public final class UnitFixtures {

  /** Checks every second; busy above 100 requests in flight or a ping slower than 250 ms. */
  public static final HostPeerProperties.Load LOAD =
      new HostPeerProperties.Load(Duration.ofSeconds(1), 100, Duration.ofMillis(250), 0);

  private UnitFixtures() {}

  /** A connection the test controls: an embedded channel, optionally refusing to be closed. */
  public static Connection connection(boolean closes) {
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

  public static Session session(String id, long connectedAt) {
    return session(id, connection(true), connectedAt);
  }

  public static Session session(String id, Connection connection, long connectedAt) {
    return new Session(id, connection, new InetSocketAddress("192.0.2.1", 5060), connectedAt);
  }

  /** How many failures {@code loop} has counted in {@code meters}. */
  public static double failures(MeterRegistry meters, String loop) {
    Counter counter = meters.find("p2psip.loop.failures").tag("loop", loop).counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * A monitor that has made one check and so reports {@code status}: the store answering at once
   * (GOOD), draining (BUSY), or the store failing (OVERLAY_SERVICE_INTERRUPT). Its loop is not
   * started and its scheduler never advances.
   */
  public static PeerStatusMonitor monitor(PeerStatus status) {
    PeerStatusMonitor monitor =
        new PeerStatusMonitor(
            status == PeerStatus.OVERLAY_SERVICE_INTERRUPT
                ? () -> Mono.error(new IllegalStateException("injected: the store is down"))
                : () -> Mono.just("PONG"),
            new SessionRegistry(),
            LOAD,
            Duration.ofSeconds(2),
            new LoopFailures(new SimpleMeterRegistry(), "peer-status"),
            VirtualTimeScheduler.create(),
            () -> 0L);
    if (status == PeerStatus.BUSY) {
      monitor.drain(true);
    }
    monitor.check().block();
    if (monitor.current() != status) {
      throw new IllegalStateException("the fixture made " + monitor.current() + ", not " + status);
    }
    return monitor;
  }
}
