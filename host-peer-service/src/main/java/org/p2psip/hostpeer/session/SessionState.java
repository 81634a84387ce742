package org.p2psip.hostpeer.session;

/** Where a client connection stands. */
public enum SessionState {
  /** Connected; only Inquire and Join are served. Dropped if it does not join in time. */
  CONNECTED,
  /** Answered 404 with a CHAP challenge; the next Join must carry the response. */
  CHALLENGED,
  /** Joined: may store and fetch records; must send something every keep-alive interval. */
  JOINED,
  /** Left or closed. */
  LEFT
}
