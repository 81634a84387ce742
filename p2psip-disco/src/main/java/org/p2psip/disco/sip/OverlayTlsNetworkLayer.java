package org.p2psip.disco.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The sockets of a JAIN-SIP stack that speaks TLS with an overlay certificate. The stack creates
 * its network layer by class name, with no arguments, so the TLS context of each stack is handed
 * over here under the stack's (unique) name before the stack is created, and taken when the stack
 * introduces itself. Plain sockets are the stack's default ones.
 */
public final class OverlayTlsNetworkLayer implements NetworkLayer {

  private static final Map<String, SSLContext> WAITING = new ConcurrentHashMap<>();

  /** As the stack's own default layer: a connection not made in 8 s fails. */
  private static final int CONNECT_TIMEOUT_MILLIS = 8000;

  private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
  private @Nullable SSLContext context;

  /** Called by JAIN-SIP only. */
  public OverlayTlsNetworkLayer() {}

  static void handOver(String stackName, SSLContext context) {
    WAITING.put(stackName, context);
  }

  /** Drops a context never taken (the stack failed to start). */
  static void withdraw(String stackName) {
    WAITING.remove(stackName);
  }

  @Override
  public void setSipStack(SipStackImpl stack) {
    context = WAITING.remove(stack.getStackName());
  }

  private SSLContext context() throws IOException {
    SSLContext current = context;
    if (current == null) {
      throw new IOException("this SIP agent has no TLS context");
    }
    return current;
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return (SSLServerSocket)
        context().getServerSocketFactory().createServerSocket(port, backlog, address);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return createSSLSocket(address, port, null);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, @Nullable InetAddress local)
      throws IOException {
    SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket();
    try {
      if (local != null) {
        socket.bind(new InetSocketAddress(local, 0));
      }
      socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return plain.createServerSocket(port, backlog, address);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return plain.createSocket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local) throws IOException {
    return plain.createSocket(address, port, local);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
      throws IOException {
    return plain.createSocket(address, port, local, localPort);
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return plain.createDatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
    return plain.createDatagramSocket(port, address);
  }
}
