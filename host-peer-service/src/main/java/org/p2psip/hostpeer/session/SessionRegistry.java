package org.p2psip.hostpeer.session;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Every open client connection of this peer. */
public final class SessionRegistry {

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger totalInFlight = new AtomicInteger();

  public void add(Session session) {
    sessions.put(session.id(), session);
  }

  public void remove(Session session) {
    sessions.remove(session.id());
  }

  public int size() {
    return sessions.size();
  }

  public long joinedCount() {
    return sessions.values().stream().filter(Session::joined).count();
  }

  public Collection<Session> all() {
    return Collections.unmodifiableCollection(sessions.values());
  }

  /** Requests being processed across all connections, a measure of load. */
  public AtomicInteger totalInFlight() {
    return totalInFlight;
  }
}
