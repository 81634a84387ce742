package org.p2psip.disco.focus;

import javax.sip.Dialog;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.state.NotificationVersions;

/**
 * One half of a pairwise subscription (DisCo 5.1, Figure 6), on the subscriber's side: this focus's
 * subscription to the conference state at a peer focus, with the dialog it runs in (known from the
 * 200 or from the first NOTIFY, whichever comes first), the versions received (RFC 4575 4.6), and
 * when to refresh it. Guarded by the focus agent's lock.
 */
final class PeerLink {

  private final String peer;
  private final String target;
  private final String callId;
  private final NotificationVersions versions = new NotificationVersions();
  private @Nullable Dialog dialog;
  private boolean established;
  private boolean refreshing;
  private boolean hasState;
  private long acceptedAtMillis;
  private long refreshAtMillis;
  private boolean checking;
  private int misses;

  /**
   * @param peer the peer focus's entity (its AoR in the focus states)
   * @param target where it was subscribed (its SIP contact)
   * @param callId the subscription's Call-ID, by which its NOTIFYs are recognised
   */
  PeerLink(String peer, String target, String callId) {
    this.peer = peer;
    this.target = target;
    this.callId = callId;
  }

  String peer() {
    return peer;
  }

  String target() {
    return target;
  }

  String callId() {
    return callId;
  }

  NotificationVersions versions() {
    return versions;
  }

  @Nullable Dialog dialog() {
    return dialog;
  }

  void dialog(Dialog dialog) {
    if (this.dialog == null) {
      this.dialog = dialog;
    }
  }

  /** Whether the peer accepted the subscription (a 2xx). */
  boolean established() {
    return established;
  }

  /** The peer accepted for {@code expires} seconds: refresh at two thirds of it. */
  void accepted(int expires, long nowMillis) {
    established = true;
    refreshing = false;
    acceptedAtMillis = nowMillis;
    refreshAtMillis = nowMillis + expires * 2000L / 3;
  }

  /** Whether a full state came through this link: only then is it a first-hand source. */
  boolean hasState() {
    return hasState;
  }

  /** A full state arrived: a refresh asked for after a gap is answered. */
  void fullReceived() {
    refreshing = false;
    hasState = true;
  }

  /**
   * Whether a refresh is due: at two thirds of the granted expiry, or when the peer accepted but no
   * full state came within {@code patienceMillis} (a peer that lost the subscription gets it back
   * from the refresh; one that refuses it ends the link).
   */
  boolean refreshDue(long nowMillis, long patienceMillis) {
    if (!established || refreshing) {
      return false;
    }
    return nowMillis >= refreshAtMillis
        || (!hasState && nowMillis - acceptedAtMillis >= patienceMillis);
  }

  /**
   * Marks a refresh as under way; false when one already is (a burst of notifications after a gap
   * asks for one full state, not one per notification).
   */
  boolean startRefresh() {
    if (refreshing) {
      return false;
    }
    refreshing = true;
    return true;
  }

  /** Marks a liveness check (an OPTIONS) as under way; false when one already is. */
  boolean startCheck() {
    if (checking) {
      return false;
    }
    checking = true;
    return true;
  }

  /** A liveness check ended; returns how many in a row the peer has now missed. */
  int checked(boolean answered) {
    checking = false;
    misses = answered ? 0 : misses + 1;
    return misses;
  }

  /** The peer was heard from (a NOTIFY): the misses so far do not count. */
  void heard() {
    misses = 0;
  }
}
