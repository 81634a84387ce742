package org.p2psip.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.forwarding.GatewayForwarding.Forwarded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the backend what only this gateway knows about a request: the client's address (its TCP
 * peer here; behind the gateway every request seems to come from the gateway) in {@link
 * GatewayForwarding#ADDRESS_HEADER}, and a client certificate this gateway's TLS handshake verified
 * in {@link GatewayForwarding#CERTIFICATE_HEADER} (base64 DER), both signed for that request with
 * the secret the backends share ({@link GatewayForwarding#SIGNATURE_HEADER}), so that a backend can
 * tell they came from here. Whatever a client put in any of these headers itself is always removed.
 * Without a secret nothing is forwarded: unsigned headers would be ones any client could forge.
 */
@Component
final class ClientForwarding implements GlobalFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(ClientForwarding.class);

  private final @Nullable GatewayForwarding signer;
  private final Clock clock;

  @Autowired
  ClientForwarding(GatewayProperties properties) {
    this(properties, Clock.systemUTC());
  }

  ClientForwarding(GatewayProperties properties, Clock clock) {
    String secret = properties.forwardingSecret();
    if (secret == null || secret.isBlank()) {
      this.signer = null;
      log.warn(
          "p2psip.gateway.forwarding-secret is not set: client addresses and verified client"
              + " certificates are not forwarded to the backends");
    } else {
      this.signer = new GatewayForwarding(secret.getBytes(StandardCharsets.UTF_8));
    }
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    Forwarded forwarded =
        signer == null
            ? null
            : new Forwarded(
                clientAddress(request.getRemoteAddress()),
                verifiedCertificate(request.getSslInfo()));
    String signature =
        forwarded == null
            ? null
            : signer.sign(
                clock.instant(),
                request.getMethod().name(),
                GatewayForwarding.pathOf(request.getURI()),
                forwarded);
    return chain.filter(
        exchange
            .mutate()
            .request(
                mutated ->
                    mutated.headers(
                        headers -> {
                          headers.remove(GatewayForwarding.CERTIFICATE_HEADER);
                          headers.remove(GatewayForwarding.ADDRESS_HEADER);
                          headers.remove(GatewayForwarding.SIGNATURE_HEADER);
                          if (forwarded == null) {
                            return;
                          }
                          if (forwarded.address() != null) {
                            headers.set(GatewayForwarding.ADDRESS_HEADER, forwarded.address());
                          }
                          if (forwarded.certificate() != null) {
                            headers.set(
                                GatewayForwarding.CERTIFICATE_HEADER, forwarded.certificate());
                          }
                          headers.set(GatewayForwarding.SIGNATURE_HEADER, signature);
                        }))
            .build());
  }

  private static @Nullable String clientAddress(@Nullable InetSocketAddress remote) {
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }

  private static @Nullable String verifiedCertificate(@Nullable SslInfo ssl) {
    if (ssl == null || ssl.getPeerCertificates() == null || ssl.getPeerCertificates().length == 0) {
      return null;
    }
    try {
      return Base64.getEncoder().encodeToString(ssl.getPeerCertificates()[0].getEncoded());
    } catch (CertificateEncodingException e) {
      return null;
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
