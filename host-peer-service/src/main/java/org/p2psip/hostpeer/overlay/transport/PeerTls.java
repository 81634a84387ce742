package org.p2psip.hostpeer.overlay.transport;

import io.netty.handler.ssl.ClientAuth;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpSslContextSpec;

/**
 * TLS on the peer port (docs/peer-protocol.md 1, "Peer identity"): this peer's host-peer
 * certificate and key, and the trust anchors of the peer port (the peer CA only, so a client
 * certificate fails the TLS handshake). Both sides present certificates; host names are not
 * checked, the Node-ID in the certificate is.
 *
 * @param keys this peer's certificate chain and private key
 * @param trust the configured CA bundle peers' certificates must chain to
 */
public record PeerTls(KeyManagerFactory keys, TrustManagerFactory trust) {

  void server(SslProvider.SslContextSpec spec) {
    spec.sslContext(
        TcpSslContextSpec.forServer(keys)
            .configure(builder -> builder.trustManager(trust).clientAuth(ClientAuth.REQUIRE)));
  }

  void client(SslProvider.SslContextSpec spec) {
    spec.sslContext(
        TcpSslContextSpec.forClient()
            .configure(
                builder -> builder.keyManager(keys).trustManager(WithoutHostNames.of(trust))));
  }
}
