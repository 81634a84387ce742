package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.value.Id128;

class PeerAddressesTest {

  @Test
  void bootstrapAddressesAreHostAndPort() {
    assertThat(PeerAddresses.bootstrap("host-peer-0.overlay.svc:6094"))
        .isEqualTo(InetSocketAddress.createUnresolved("host-peer-0.overlay.svc", 6094));
    assertThat(PeerAddresses.bootstrap("[::1]:6094"))
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 6094));
    assertThat(PeerAddresses.bootstrap("no-port")).isNull();
    assertThat(PeerAddresses.bootstrap("host:")).isNull();
    assertThat(PeerAddresses.bootstrap("host:99999")).isNull();
    assertThat(PeerAddresses.bootstrap("host:six")).isNull();
  }

  @Test
  void thePeerPortIsTheFirstAddressThatIsNotTheClientPort() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    PeerInfo peer =
        PeerInfo.source(
            Id128.random(),
            PeerServiceCapability.NONE,
            List.of(
                PeerAddressInfo.tcpHost(loopback, 6084, PeerAddressInfo.USAGE_CLIENT),
                PeerAddressInfo.tcpHost(loopback, 6094)));

    assertThat(PeerAddresses.peerPort(peer)).isEqualTo(new InetSocketAddress(loopback, 6094));
  }
}
