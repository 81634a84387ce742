package org.p2psip.hostpeer.status;

import org.jspecify.annotations.Nullable;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.session.SessionRegistry;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Sends Notify with the new Status to every joined client when the peer's status changes, and an
 * "about to leave" Notify when the peer shuts down, so clients move to another peer in time. A
 * client that cannot be given its Notify is counted in {@link LoopFailures} and skipped: the others
 * still get theirs, and later changes are still broadcast.
 */
public final class NotifyBroadcaster {

  private static final Logger log = LoggerFactory.getLogger(NotifyBroadcaster.class);

  private final SessionRegistry sessions;
  private final boolean suppressResponse;
  private final LoopFailures failures;
  private @Nullable Disposable subscription;

  public NotifyBroadcaster(
      SessionRegistry sessions, boolean suppressResponse, LoopFailures failures) {
    this.sessions = sessions;
    this.suppressResponse = suppressResponse;
    this.failures = failures;
  }

  /**
   * Broadcasts run on the monitor's loop thread, one change at a time; this subscriber asks for
   * every change, so the monitor's best-effort sink never drops one for it. Failures are handled
   * per client in {@link #broadcast}, so that no exception reaches this subscription and ends it.
   */
  public void start(PeerStatusMonitor monitor) {
    subscription = monitor.changes().subscribe(status -> broadcast(status, null));
  }

  public void stop() {
    Disposable current = subscription;
    if (current != null) {
      current.dispose();
    }
  }

  /** Tells every joined client this peer is leaving. */
  public int announceLeaving() {
    return broadcast(
        PeerStatus.OVERLAY_SERVICE_INTERRUPT,
        new EventInfo(EventInfo.ABOUT_TO_LEAVE, "host peer shutting down"));
  }

  int broadcast(PeerStatus status, @Nullable EventInfo event) {
    int sent = 0;
    for (Session session : sessions.all()) {
      if (!session.joined()) {
        continue;
      }
      Header header =
          Header.clientRequest(MessageType.NOTIFY, TransactionIds.next())
              .withSuppressResponse(suppressResponse);
      Message notify =
          event == null
              ? Message.of(header, new StatusAttribute(status))
              : Message.of(header, new StatusAttribute(status), event);
      try {
        if (session.push(notify)) {
          sent++;
        } else {
          log.warn("{} is not reading; Notify {} dropped", session, status);
        }
      } catch (RuntimeException e) {
        failures.record("Notify " + status + " to " + session, e);
      }
    }
    log.info("Notify {} sent to {} joined clients", status, sent);
    return sent;
  }
}
