package org.p2psip.client.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.codec.P2psipCodec;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.tcp.TcpServer;

/**
 * A minimal host peer over real TCP for the SDK's tests (the host-peer service is not a dependency
 * of the SDK): the protocol library's codec, Inquire answered with a status the test sets, every
 * other request answered 200, and every connection recorded with what came over it, so that a test
 * can see what the client really sent. A test can also send requests (Notify, Put) to a client.
 */
final class TestHostPeer implements AutoCloseable {

  /** One client connection and what it carried. */
  static final class Link {
    final Connection connection;
    final List<Message> received = new CopyOnWriteArrayList<>();
    final AtomicInteger keepAlives = new AtomicInteger();
    volatile boolean joined;

    Link(Connection connection) {
      this.connection = connection;
    }

    boolean isOpen() {
      return connection.channel().isActive();
    }

    void send(Message message) {
      connection.channel().writeAndFlush(message);
    }

    /** The client's answers to the request with {@code transactionId}. */
    List<Message> answersTo(int transactionId) {
      return received.stream()
          .filter(m -> m.isResponse() && m.header().transactionId() == transactionId)
          .toList();
    }

    boolean got(MessageType type) {
      return received.stream().anyMatch(m -> !m.isResponse() && m.type() == type);
    }

    void close() {
      connection.dispose();
    }
  }

  private final DisposableServer server;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger withheldKeepAlives = new AtomicInteger();
  private volatile PeerStatus status = PeerStatus.GOOD;

  private TestHostPeer(int port) {
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .port(port)
            .doOnChannelInit(
                (observer, channel, address) ->
                    P2psipCodec.addBefore(
                        channel.pipeline(), NettyPipeline.ReactiveBridge, Message.MAX_LENGTH))
            .handle(
                (in, out) -> {
                  Link[] link = new Link[1];
                  in.withConnection(
                      connection -> {
                        link[0] = new Link(connection);
                        links.add(link[0]);
                      });
                  return in.receiveObject()
                      .ofType(Message.class)
                      .doOnNext(message -> receive(link[0], message))
                      .then();
                })
            .bindNow(Duration.ofSeconds(10));
  }

  /** A peer on a free port. */
  static TestHostPeer start() {
    return new TestHostPeer(0);
  }

  /** A peer on {@code port}: a stopped peer coming back. */
  static TestHostPeer start(int port) {
    return new TestHostPeer(port);
  }

  private void receive(Link link, Message message) {
    link.received.add(message);
    if (message.isResponse()) {
      return;
    }
    MessageType type = message.type();
    if (type == MessageType.JOIN) {
      link.joined = true;
    }
    if (type == MessageType.KEEPALIVE) {
      link.keepAlives.incrementAndGet();
      if (withheldKeepAlives.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return;
      }
    }
    if (type == MessageType.INQUIRE || type == MessageType.KEEPALIVE) {
      link.send(Responses.to(message, ResponseCode.OK, new StatusAttribute(status)));
    } else {
      link.send(Responses.to(message, ResponseCode.OK));
    }
  }

  int port() {
    return server.port();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }

  /** Every connection so far, Inquires included. */
  List<Link> links() {
    return List.copyOf(links);
  }

  /** Connections that joined and are still open. */
  List<Link> openJoined() {
    return links.stream().filter(l -> l.joined && l.isOpen()).toList();
  }

  int joins() {
    return (int) links.stream().filter(l -> l.joined).count();
  }

  /** The status Inquires and Keep-alives report from now on. */
  void status(PeerStatus status) {
    this.status = status;
  }

  /** Leaves the next {@code count} Keep-alives unanswered. */
  void withholdKeepAlives(int count) {
    withheldKeepAlives.set(count);
  }

  /** Stops listening and closes every connection, as a crashed peer would. */
  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    links.forEach(Link::close);
  }
}
