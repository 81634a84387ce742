package org.p2psip.hostpeer.overlay.transport;

import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.node.NodeClock.Cancellable;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.node.PeerLinks.Outcome;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.codec.P2psipCodec;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpClient;

/**
 * Opens a connection to a peer and does the opener's half of the handshake (docs/peer-protocol.md
 * 4.1): TCP connect, the KEEPALIVE, the checks on its answer; all within the connect timeout.
 * Reports on the node's thread; the caller registers (or closes) what it gets.
 */
final class PeerDialer {

  private static final Logger log = LoggerFactory.getLogger(PeerDialer.class);

  /** An established connection and the handshake answer that established it. */
  record Dialed(PeerConnection connection, Message answer, PeerInfo answerer) {}

  private final TcpClient client;
  private final NodeExecutor executor;
  private final long connectTimeoutMillis;
  private final TransportCounters counters;
  private final Function<Connection, PeerConnection> wiring;
  private final PeerIdentity identity;

  /**
   * @param wiring sets up a new outgoing Netty connection (inbound reading, close handling)
   */
  PeerDialer(
      TransportSettings settings,
      NodeExecutor executor,
      @Nullable PeerTls tls,
      PeerIdentity identity,
      TransportCounters counters,
      Function<Connection, PeerConnection> wiring) {
    this.identity = identity;
    this.connectTimeoutMillis = settings.connectTimeout().toMillis();
    this.executor = executor;
    this.counters = counters;
    this.wiring = wiring;
    TcpClient plain =
        TcpClient.newConnection()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis)
            .doOnChannelInit(
                (observer, channel, address) ->
                    P2psipCodec.addBefore(
                        channel.pipeline(),
                        NettyPipeline.ReactiveBridge,
                        settings.maxMessageLength()));
    this.client = tls == null ? plain : plain.secure(tls::client);
  }

  /**
   * Connects to {@code address} and handshakes, expecting {@code expected} (null: a bootstrap
   * address, Destination ID 0); {@code done} gets the result, or null on any failure.
   */
  void dial(
      OverlayNode node,
      InetSocketAddress address,
      @Nullable Id128 expected,
      Consumer<@Nullable Dialed> done) {
    Attempt attempt = new Attempt(done);
    attempt.timer =
        executor.schedule(
            connectTimeoutMillis,
            () -> {
              PeerConnection connection = attempt.connection;
              if (connection != null) {
                connection.close();
              }
              attempt.finish(null);
            });
    client
        .remoteAddress(() -> address)
        .connect()
        .subscribe(
            netty -> {
              PeerConnection connection = wiring.apply(netty);
              executor.execute(() -> handshake(node, attempt, connection, expected));
            },
            error -> {
              log.debug("connecting to {} failed: {}", address, error.toString());
              executor.execute(() -> attempt.finish(null));
            });
  }

  private void handshake(
      OverlayNode node, Attempt attempt, PeerConnection connection, @Nullable Id128 expected) {
    if (attempt.finished) {
      connection.close();
      return;
    }
    attempt.connection = connection;
    Message request =
        Handshake.request(
            node.self(), node.overlay(), expected, ThreadLocalRandom.current().nextInt());
    connection.expect(
        new PendingSend(
            TransactionKey.of(request.header()),
            outcome -> {
              Message answer =
                  outcome instanceof Outcome.Answered answered ? answered.answer() : null;
              PeerInfo answerer =
                  answer != null ? Handshake.answerer(answer, node.overlay(), expected) : null;
              if (answerer != null && !identity.vouchesFor(connection.netty(), answerer.peerId())) {
                answerer = null;
              }
              if (answer == null || answerer == null) {
                log.debug("handshake with {} failed: {}", connection, outcome);
                counters.failedHandshake();
                connection.close();
                attempt.finish(null);
                return;
              }
              connection.establish(answerer.peerId());
              attempt.finish(new Dialed(connection, answer, answerer));
            }));
    connection.write(request);
  }

  /** One dial; finishes once. */
  private static final class Attempt {
    private final Consumer<@Nullable Dialed> done;
    private Cancellable timer = Cancellable.NONE;
    private @Nullable PeerConnection connection;
    private boolean finished;

    Attempt(Consumer<@Nullable Dialed> done) {
      this.done = done;
    }

    void finish(@Nullable Dialed result) {
      if (finished) {
        if (result != null) {
          result.connection().close();
        }
        return;
      }
      finished = true;
      timer.cancel();
      done.accept(result);
    }
  }
}
