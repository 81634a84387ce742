package org.p2psip.hostpeer.overlay.transport;

import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.overlay.node.NodeClock.Cancellable;
import org.p2psip.overlay.node.PeerLinks.Outcome;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.TransactionKey;
import org.p2psip.protocol.value.Id128;
import reactor.netty.Connection;

/**
 * One TCP connection with another peer, as the node's thread sees it: who opened it, whether its
 * handshake is done and with which Node-ID, and the requests sent on it awaiting answers. Only
 * touched on the node's thread; writes go to Netty, which is thread-safe for them.
 */
final class PeerConnection {

  enum State {
    HANDSHAKING,
    ESTABLISHED,
    CLOSED
  }

  private final Connection connection;
  private final boolean opened;
  private final ErrorAnswerBudget errors = new ErrorAnswerBudget();
  // a key may be pending twice when the node retransmits a request with its Transaction-ID
  private final Map<TransactionKey, Deque<PendingSend>> pending = new HashMap<>();
  private State state = State.HANDSHAKING;
  private @Nullable Id128 peer;
  private Cancellable handshakeTimer = Cancellable.NONE;
  private boolean replaced;
  private boolean closedOnRequest;
  private int inFlight;

  /**
   * @param opened true for a connection this peer opened, false for an accepted one
   */
  PeerConnection(Connection connection, boolean opened) {
    this.connection = connection;
    this.opened = opened;
  }

  Connection netty() {
    return connection;
  }

  boolean opened() {
    return opened;
  }

  State state() {
    return state;
  }

  boolean established() {
    return state == State.ESTABLISHED;
  }

  /** The handshake's Node-ID; null before the handshake. */
  @Nullable Id128 peer() {
    return peer;
  }

  /** Usable for new requests: established and not replaced by a newer connection. */
  boolean usable() {
    return state == State.ESTABLISHED && !replaced;
  }

  void handshakeTimer(Cancellable timer) {
    this.handshakeTimer = timer;
  }

  void establish(Id128 nodeId) {
    handshakeTimer.cancel();
    peer = nodeId;
    state = State.ESTABLISHED;
  }

  void markReplaced() {
    replaced = true;
  }

  /** Closed because the node asked (the peer is dead or left): the node need not be told. */
  boolean closedOnRequest() {
    return closedOnRequest;
  }

  boolean exceedsErrorBudget(Message answer, long nowMillis) {
    return errors.exceededBy(answer, nowMillis);
  }

  void expect(PendingSend send) {
    pending.computeIfAbsent(send.key, k -> new ArrayDeque<>()).addLast(send);
  }

  /** The oldest pending send with {@code key}, removed; null when none. */
  @Nullable PendingSend take(TransactionKey key) {
    Deque<PendingSend> sends = pending.get(key);
    if (sends == null) {
      return null;
    }
    PendingSend send = sends.pollFirst();
    if (sends.isEmpty()) {
      pending.remove(key);
    }
    return send;
  }

  void forget(PendingSend send) {
    Deque<PendingSend> sends = pending.get(send.key);
    if (sends != null && sends.remove(send) && sends.isEmpty()) {
      pending.remove(send.key);
    }
  }

  /** Counts a request of this connection as in progress, unless {@code max} are already. */
  boolean startRequest(int max) {
    if (inFlight >= max) {
      return false;
    }
    inFlight++;
    return true;
  }

  void requestDone() {
    inFlight--;
  }

  boolean idle() {
    return pending.isEmpty();
  }

  void write(Message message) {
    // a channel closing under us is not yet reported as closed on the node's thread
    if (state != State.CLOSED && connection.channel().isActive()) {
      connection.channel().writeAndFlush(message);
    }
  }

  /** Writes a last message, then closes once it is on the wire. */
  void writeAndClose(Message message) {
    if (state != State.CLOSED && connection.channel().isActive()) {
      connection.channel().writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    } else {
      close();
    }
  }

  void close() {
    connection.channel().close();
  }

  void closeOnRequest() {
    closedOnRequest = true;
    close();
  }

  /** Marks the connection closed and fails what was pending on it as unreachable. */
  void closed() {
    state = State.CLOSED;
    handshakeTimer.cancel();
    List<PendingSend> failed = new ArrayList<>();
    pending.values().forEach(failed::addAll);
    pending.clear();
    failed.forEach(send -> send.settle(Outcome.UNREACHABLE));
  }

  @Override
  public String toString() {
    return (opened ? "to " : "from ")
        + connection.channel().remoteAddress()
        + (peer != null ? " (" + peer + ")" : "");
  }
}
