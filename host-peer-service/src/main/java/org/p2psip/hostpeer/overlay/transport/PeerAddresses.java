package org.p2psip.hostpeer.overlay.transport;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;

/** Where to reach a peer: its Peer Info's peer-port address, or a configured bootstrap address. */
final class PeerAddresses {

  private PeerAddresses() {}

  /**
   * The first address of {@code peer} that is not its client port (Usage 0 or 2 in a peer message,
   * docs/peer-protocol.md 2.3); null when it names none.
   */
  static @Nullable InetSocketAddress peerPort(PeerInfo peer) {
    for (PeerAddressInfo address : peer.addresses()) {
      if (address.usage() != PeerAddressInfo.USAGE_CLIENT) {
        return new InetSocketAddress(address.inetAddress(), address.port());
      }
    }
    return null;
  }

  /**
   * {@code host:port} or {@code [v6]:port} of the bootstrap list (8.1), unresolved so that a name
   * is resolved again at every attempt; null when it cannot be parsed.
   */
  static @Nullable InetSocketAddress bootstrap(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostAndPort.length() - 1) {
      return null;
    }
    String host = hostAndPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(hostAndPort.substring(colon + 1));
      return port > 0 && port <= 0xFFFF ? InetSocketAddress.createUnresolved(host, port) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
