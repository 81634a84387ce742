package org.p2psip.client.peer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.p2psip.client.peer.OverlaySession.PeerChoice;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * One joined connection of a session and the subscriptions serving it (Keep-alives, Notify
 * handling, watching the connection). They are disposed together when the session leaves it, so a
 * left connection can neither keep sending Keep-alives nor, by closing, move the session again.
 */
final class Attachment {

  private final PeerChoice peer;
  private final HostPeerClient client;
  private final Disposable.Composite subscriptions = Disposables.composite();
  private final AtomicBoolean retired = new AtomicBoolean();

  Attachment(PeerChoice peer, HostPeerClient client) {
    this.peer = peer;
    this.client = client;
  }

  PeerChoice peer() {
    return peer;
  }

  HostPeerClient client() {
    return client;
  }

  /** Ties {@code subscription} to this attachment (disposed at once if it is already retired). */
  void own(Disposable subscription) {
    subscriptions.add(subscription);
  }

  /**
   * Stops everything serving this connection. True only for the first caller: of the events that
   * may end an attachment (a Notify, then its connection closing), only the first one acts.
   */
  boolean retire() {
    if (!retired.compareAndSet(false, true)) {
      return false;
    }
    subscriptions.dispose();
    return true;
  }

  boolean isRetired() {
    return retired.get();
  }

  /** Sends Leave, then closes the connection; never waits (safe on an event loop). */
  void leave(Duration timeout) {
    client
        .send(Message.clientRequest(MessageType.LEAVE))
        .timeout(timeout)
        .onErrorResume(error -> Mono.empty())
        .doFinally(signal -> client.close())
        .subscribe();
  }

  @Override
  public String toString() {
    return "attachment to " + peer.address();
  }
}
