package org.p2psip.hostpeer.handler;

import java.net.InetAddress;
import java.util.List;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.value.Id128;

/** This host peer as it describes itself in Inquire and Join answers. */
public final class LocalPeer {

  private final Id128 peerId;
  private final OverlayInfo overlay;
  private final InetAddress address;
  private final long startedAtMillis;
  private volatile PeerInfo description;

  public LocalPeer(Id128 peerId, OverlayInfo overlay, InetAddress address, int port) {
    this.peerId = peerId;
    this.overlay = overlay;
    this.address = address;
    this.startedAtMillis = System.currentTimeMillis();
    listeningOn(port);
  }

  /** Called once the listener is bound, since a configured port 0 becomes a real one only then. */
  public void listeningOn(int port) {
    description =
        PeerInfo.destination(
            peerId, PeerServiceCapability.NONE, List.of(PeerAddressInfo.tcpHost(address, port)));
  }

  public Id128 peerId() {
    return peerId;
  }

  public OverlayInfo overlay() {
    return overlay;
  }

  /** Destination Peer Info: Peer-ID, capability, listener address. */
  public PeerInfo description() {
    return description;
  }

  public Uptime uptime() {
    return new Uptime(
        Math.min(0xFFFF_FFFFL, (System.currentTimeMillis() - startedAtMillis) / 1000));
  }
}
