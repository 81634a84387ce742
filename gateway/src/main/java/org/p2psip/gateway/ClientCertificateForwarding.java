package org.p2psip.gateway;

import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Passes a client certificate that this gateway's TLS handshake verified to the backend in {@value
 * #HEADER} (base64 DER), and removes whatever a client put in that header itself, so that the
 * header a backend receives through the gateway is always the gateway's.
 */
@Component
final class ClientCertificateForwarding implements GlobalFilter, Ordered {

  static final String HEADER = "X-P2PSIP-Client-Certificate";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    SslInfo ssl = exchange.getRequest().getSslInfo();
    String certificate = null;
    if (ssl != null && ssl.getPeerCertificates() != null && ssl.getPeerCertificates().length > 0) {
      try {
        certificate = Base64.getEncoder().encodeToString(ssl.getPeerCertificates()[0].getEncoded());
      } catch (CertificateEncodingException e) {
        certificate = null;
      }
    }
    String verified = certificate;
    return chain.filter(
        exchange
            .mutate()
            .request(
                request ->
                    request.headers(
                        headers -> {
                          headers.remove(HEADER);
                          if (verified != null) {
                            headers.set(HEADER, verified);
                          }
                        }))
            .build());
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
