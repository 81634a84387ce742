package org.p2psip.gateway;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Base64;
import org.p2psip.protocol.gateway.ForwardedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Passes a client certificate that this gateway's TLS handshake verified to the backend in {@link
 * ForwardedCertificate#CERTIFICATE_HEADER} (base64 DER), signed for that request with the secret
 * the backends share ({@link ForwardedCertificate#SIGNATURE_HEADER}), so that a backend can tell it
 * came from here. Whatever a client put in either header itself is always removed. Without a secret
 * nothing is forwarded: an unsigned header would be one any client could forge.
 */
@Component
final class ClientCertificateForwarding implements GlobalFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(ClientCertificateForwarding.class);

  private final ForwardedCertificate signer;
  private final Clock clock;

  @org.springframework.beans.factory.annotation.Autowired
  ClientCertificateForwarding(GatewayProperties properties) {
    this(properties, Clock.systemUTC());
  }

  ClientCertificateForwarding(GatewayProperties properties, Clock clock) {
    String secret = properties.forwardingSecret();
    if (secret == null || secret.isBlank()) {
      this.signer = null;
      log.warn(
          "p2psip.gateway.forwarding-secret is not set: verified client certificates are not"
              + " forwarded to the backends");
    } else {
      this.signer = new ForwardedCertificate(secret.getBytes(StandardCharsets.UTF_8));
    }
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String certificate = signer == null ? null : verifiedCertificate(request.getSslInfo());
    String signature =
        certificate == null
            ? null
            : signer.sign(
                clock.instant(),
                request.getMethod().name(),
                ForwardedCertificate.pathOf(request.getURI()),
                certificate);
    return chain.filter(
        exchange
            .mutate()
            .request(
                mutated ->
                    mutated.headers(
                        headers -> {
                          headers.remove(ForwardedCertificate.CERTIFICATE_HEADER);
                          headers.remove(ForwardedCertificate.SIGNATURE_HEADER);
                          if (certificate != null) {
                            headers.set(ForwardedCertificate.CERTIFICATE_HEADER, certificate);
                            headers.set(ForwardedCertificate.SIGNATURE_HEADER, signature);
                          }
                        }))
            .build());
  }

  private static String verifiedCertificate(SslInfo ssl) {
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
