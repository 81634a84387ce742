package org.p2psip.client.peer;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.codec.DecodeFailure;
import org.p2psip.protocol.codec.P2psipCodec;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpClient;

/**
 * One client-protocol connection to a host peer. Requests are matched to answers by Transaction-ID,
 * so many may be outstanding at once. Requests the peer sends are answered here, once, as {@link
 * PeerRequestAnswers} says (Notify 200, anything else refused; nothing when they carry E), then
 * published on {@link #peerRequests()} for whoever acts on them. Used by the SDK, the load
 * generator and the tests.
 */
public final class HostPeerClient implements AutoCloseable {

  private final Connection connection;
  private final Map<Integer, MonoSink<Message>> pending = new ConcurrentHashMap<>();
  private final Sinks.Many<Message> peerRequests =
      Sinks.many().multicast().onBackpressureBuffer(256, false);
  private final Sinks.Many<DecodeFailure> failures =
      Sinks.many().multicast().onBackpressureBuffer(16, false);
  private final Duration timeout;

  private HostPeerClient(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
    connection.inbound().receiveObject().subscribe(this::receive, this::fail, this::closed);
  }

  /** Connects over plain TCP. */
  public static Mono<HostPeerClient> connect(String host, int port) {
    return connect(host, port, null, Duration.ofSeconds(10));
  }

  /**
   * Connects, over TLS when {@code ssl} is given (its key material, if any, is the client
   * certificate), failing each request that gets no answer within {@code timeout}.
   */
  public static Mono<HostPeerClient> connect(
      String host, int port, @Nullable SslContext ssl, Duration timeout) {
    return connect(host, port, ssl, timeout, null);
  }

  /**
   * As {@link #connect(String, int, SslContext, Duration)}, from the local address {@code source}
   * (any free port) when given: a load generator spreads many connections over several loopback
   * addresses, each with its own range of ephemeral ports.
   */
  public static Mono<HostPeerClient> connect(
      String host,
      int port,
      @Nullable SslContext ssl,
      Duration timeout,
      @Nullable InetAddress source) {
    // A connection of its own, not one from Reactor Netty's pool: it lives as long as the
    // session with the peer, and a pool would cap how many a load generator may open.
    TcpClient tcp =
        TcpClient.newConnection()
            .host(host)
            .port(port)
            // The codec goes in when the channel is set up, before it can connect: a handler
            // added once connected would race with the first write.
            .doOnChannelInit(
                (observer, channel, address) ->
                    P2psipCodec.addBefore(
                        channel.pipeline(), NettyPipeline.ReactiveBridge, Message.MAX_LENGTH));
    if (ssl != null) {
      tcp = tcp.secure(spec -> spec.sslContext(ssl));
    }
    if (source != null) {
      InetSocketAddress local = new InetSocketAddress(source, 0);
      tcp = tcp.bindAddress(() -> local);
    }
    return tcp.connect().map(connection -> new HostPeerClient(connection, timeout));
  }

  /** Sends {@code request} and completes with the answer to its Transaction-ID. */
  public Mono<Message> request(Message request) {
    int txid = request.header().transactionId();
    return Mono.<Message>create(
            sink -> {
              if (pending.putIfAbsent(txid, sink) != null) {
                sink.error(
                    new IllegalStateException("Transaction-ID already outstanding: " + txid));
                return;
              }
              sink.onDispose(() -> pending.remove(txid, sink));
              connection
                  .channel()
                  .writeAndFlush(request)
                  .addListener(
                      written -> {
                        if (!written.isSuccess()) {
                          pending.remove(txid, sink);
                          sink.error(written.cause());
                        }
                      });
            })
        .timeout(timeout);
  }

  /** Sends without waiting for an answer (for requests with E set, or for hostile tests). */
  public Mono<Void> send(Object message) {
    return Mono.create(
        sink ->
            connection
                .channel()
                .writeAndFlush(message)
                .addListener(
                    written -> {
                      if (written.isSuccess()) {
                        sink.success();
                      } else {
                        sink.error(written.cause());
                      }
                    }));
  }

  /** Requests the peer sent to this client, such as Notify. */
  public Flux<Message> peerRequests() {
    return peerRequests.asFlux();
  }

  /** Messages from the peer that did not decode. */
  public Flux<DecodeFailure> decodeFailures() {
    return failures.asFlux();
  }

  /** Completes when the connection closes. */
  public Mono<Void> onClose() {
    return connection.onDispose();
  }

  public boolean isOpen() {
    return !connection.isDisposed();
  }

  public Channel channel() {
    return connection.channel();
  }

  private void receive(Object inbound) {
    if (inbound instanceof DecodeFailure failure) {
      PeerRequestAnswers.to(failure).ifPresent(connection.channel()::writeAndFlush);
      failures.tryEmitNext(failure);
      if (failure.closeConnection()) {
        // the codec no longer trusts this stream's framing: nothing more can be read from it
        connection.dispose();
      }
      return;
    }
    Message message = (Message) inbound;
    Header header = message.header();
    if (header.response()) {
      MonoSink<Message> sink = pending.remove(header.transactionId());
      if (sink != null) {
        sink.success(message);
      }
      return;
    }
    // answered before anyone acts on it: acting on a Notify may close this connection
    PeerRequestAnswers.to(message).ifPresent(connection.channel()::writeAndFlush);
    peerRequests.tryEmitNext(message);
  }

  private void fail(Throwable error) {
    pending.values().forEach(sink -> sink.error(error));
    pending.clear();
    peerRequests.tryEmitComplete();
  }

  private void closed() {
    fail(new ConnectionClosedException());
  }

  /** Closes the connection without waiting (safe on an event loop); see {@link #onClose()}. */
  @Override
  public void close() {
    connection.dispose();
  }

  /** The connection closed with requests still outstanding. */
  public static final class ConnectionClosedException extends RuntimeException {
    ConnectionClosedException() {
      super("connection to the host peer closed", null, false, false);
    }
  }
}
