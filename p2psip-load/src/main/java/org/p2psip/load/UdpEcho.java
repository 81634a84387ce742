package org.p2psip.load;

import io.netty.channel.socket.DatagramPacket;
import java.time.Duration;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

/**
 * The baseline of the probe benchmark: a UDP server on the same stack as the probe responder
 * (Reactor Netty) that sends every datagram back unchanged, and does nothing else.
 */
public final class UdpEcho {

  private UdpEcho() {}

  public static Connection bind(String host, int port) {
    return UdpServer.create()
        .host(host)
        .port(port)
        .handle(
            (in, out) ->
                out.sendObject(
                    in.receiveObject()
                        .cast(DatagramPacket.class)
                        .map(
                            packet ->
                                new DatagramPacket(packet.content().retain(), packet.sender()))))
        .bindNow(Duration.ofSeconds(10));
  }
}
