package org.p2psip.overlay.node;

import java.util.function.Consumer;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;

/**
 * Connections to other peers (docs/peer-protocol.md 4.1), as one node uses them. The transport does
 * the handshake (Overlay Info, identity from the certificate, Destination ID) and keeps at most one
 * connection it opened per peer; a node only ever talks to peers a handshake vouched for. Every
 * callback runs on the node's executor.
 */
public interface PeerLinks {

  /**
   * Opens and handshakes a connection with {@code peer} unless one is up; reports whether that
   * worked within the connect timeout (2 s), with the Node-ID the peer's handshake proved.
   */
  void connect(PeerInfo peer, Consumer<Boolean> connected);

  /**
   * Handshakes with a bootstrap address whose Node-ID is unknown (Destination ID 0) and reports the
   * peer's Peer Info from its answer, or a failure.
   */
  void connectBootstrap(String hostAndPort, Consumer<Outcome> answered);

  /**
   * Sends a request to {@code peer} over a handshaken connection (opening one if needed) and
   * reports its answer, or {@link Outcome.Unreachable} when no connection could be had or it closed
   * while the request was pending, or {@link Outcome.TimedOut} after {@code timeoutMillis}. The
   * outcome is reported exactly once.
   */
  void send(Id128 peer, Message request, long timeoutMillis, Consumer<Outcome> outcome);

  /** Closes every connection with {@code peer} (it is dead or left). */
  void close(Id128 peer);

  /** What became of a request or a handshake. */
  sealed interface Outcome {
    /** The peer answered: {@code answer} is its response (a handshake: its KEEPALIVE answer). */
    record Answered(Message answer) implements Outcome {}

    /** No connection, or it closed before the answer. */
    record Unreachable() implements Outcome {}

    /** No answer in time; the connection may still be fine. */
    record TimedOut() implements Outcome {}

    Outcome UNREACHABLE = new Unreachable();
    Outcome TIMED_OUT = new TimedOut();
  }
}
