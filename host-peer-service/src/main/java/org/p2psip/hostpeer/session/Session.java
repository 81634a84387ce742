package org.p2psip.hostpeer.session;

import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

/**
 * One client connection and what the peer knows about it. State changes happen on the connection's
 * event loop or under this object's lock; the reaper and Notify read it from elsewhere, so the
 * fields they read are volatile.
 */
public final class Session {

  /**
   * Peer-initiated messages (Notify) waiting to be written; bounded so a stuck client cannot grow
   * it.
   */
  private static final int OUTBOUND_QUEUE = 64;

  private final String id;
  private final Connection connection;
  private final SocketAddress remote;
  private @Nullable CertificateIdentity certificate;
  private @Nullable X509Certificate clientCertificate;
  private boolean certificateRead;
  private final long connectedAt;
  private final Sinks.Many<Message> peerMessages =
      Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(OUTBOUND_QUEUE));
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile SessionState state = SessionState.CONNECTED;
  private volatile long lastSeen;
  private volatile @Nullable Id128 nodeId;
  private volatile @Nullable String userName;
  private volatile @Nullable Long contributedStorage;
  private byte @Nullable [] challenge;
  private long challengeExpiresAt;

  public Session(String id, Connection connection, SocketAddress remote, long now) {
    this.id = id;
    this.connection = connection;
    this.remote = remote;
    this.connectedAt = now;
    this.lastSeen = now;
  }

  public String id() {
    return id;
  }

  public Connection connection() {
    return connection;
  }

  public SocketAddress remote() {
    return remote;
  }

  /**
   * The identity in the client certificate presented over TLS, or null: no TLS, no certificate, or
   * a certificate that names no overlay identity. The TLS layer has already verified it against the
   * trust store of the peer's SSL bundle (the overlay CA). Read once, after the handshake, when
   * first asked.
   */
  public synchronized @Nullable CertificateIdentity certificate() {
    readCertificate();
    return certificate;
  }

  /** The client certificate itself (for revocation), or null like {@link #certificate}. */
  public synchronized @Nullable X509Certificate clientCertificate() {
    readCertificate();
    return certificate == null ? null : clientCertificate;
  }

  private void readCertificate() {
    if (!certificateRead) {
      clientCertificate = ClientCertificates.leaf(connection.channel());
      certificate = ClientCertificates.identity(clientCertificate);
      certificateRead = true;
    }
  }

  public boolean secure() {
    return connection.channel().pipeline().get(SslHandler.class) != null;
  }

  public SessionState state() {
    return state;
  }

  public boolean joined() {
    return state == SessionState.JOINED;
  }

  public long connectedAt() {
    return connectedAt;
  }

  public long lastSeen() {
    return lastSeen;
  }

  /** Any message from the client shows it is alive. */
  public void touch(long now) {
    lastSeen = now;
  }

  public @Nullable Id128 nodeId() {
    return nodeId;
  }

  public @Nullable String userName() {
    return userName;
  }

  public @Nullable Long contributedStorage() {
    return contributedStorage;
  }

  public synchronized void challenge(byte[] challenge, long expiresAt) {
    this.challenge = challenge.clone();
    this.challengeExpiresAt = expiresAt;
    state = SessionState.CHALLENGED;
  }

  /** The pending challenge if it is still valid, consumed: a challenge answers one Join only. */
  public synchronized byte @Nullable [] takeChallenge(long now) {
    byte[] pending = challenge;
    challenge = null;
    if (state == SessionState.CHALLENGED) {
      state = SessionState.CONNECTED;
    }
    return pending != null && now < challengeExpiresAt ? pending : null;
  }

  public synchronized void join(
      Id128 nodeId, @Nullable String userName, @Nullable Long contributedStorage) {
    this.nodeId = nodeId;
    this.userName = userName;
    this.contributedStorage = contributedStorage;
    this.challenge = null;
    state = SessionState.JOINED;
  }

  public void leave() {
    state = SessionState.LEFT;
  }

  public AtomicInteger inFlight() {
    return inFlight;
  }

  /** Queues a peer-initiated message; false when the client is not reading its queue. */
  public boolean push(Message message) {
    return peerMessages.tryEmitNext(message).isSuccess();
  }

  public Flux<Message> peerMessages() {
    return peerMessages.asFlux();
  }

  /** No more peer-initiated messages: the connection is ending. */
  public void endPeerMessages() {
    peerMessages.tryEmitComplete();
  }

  /** Closes the connection; the pipeline's completion then unregisters the session. */
  public void close() {
    state = SessionState.LEFT;
    connection.dispose();
  }

  @Override
  public String toString() {
    return "[" + id + " " + remote + " " + state + (nodeId != null ? " " + nodeId : "") + "]";
  }
}
