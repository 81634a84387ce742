package org.p2psip.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports that nothing listens on, for servers a test starts. */
public final class FreePorts {

  private FreePorts() {}

  /** A port free on loopback for both TCP and UDP (a SIP agent, a landmark listen on both). */
  public static int tcpAndUdp() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          // in use for UDP: another
        }
      }
    }
    throw new IOException("no loopback port free for both TCP and UDP");
  }
}
