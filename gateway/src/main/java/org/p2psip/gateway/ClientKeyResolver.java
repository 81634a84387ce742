package org.p2psip.gateway;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whom a request is counted against: the user named by a client certificate the TLS handshake
 * verified ({@code user:<rfc822Name>}), else the client's address ({@code addr:<ip>}). The address
 * is the connection's, never a forwarded header a client could forge.
 */
public final class ClientKeyResolver implements KeyResolver {

  private static final int SAN_RFC822 = 1;

  @Override
  public Mono<String> resolve(ServerWebExchange exchange) {
    SslInfo ssl = exchange.getRequest().getSslInfo();
    if (ssl != null && ssl.getPeerCertificates() != null && ssl.getPeerCertificates().length > 0) {
      String user = userName(ssl.getPeerCertificates()[0]);
      if (user != null) {
        return Mono.just("user:" + user);
      }
    }
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    String address =
        remote == null || remote.getAddress() == null
            ? "unknown"
            : remote.getAddress().getHostAddress();
    return Mono.just("addr:" + address);
  }

  static @Nullable String userName(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if ((Integer) name.get(0) == SAN_RFC822) {
            return (String) name.get(1);
          }
        }
      }
    } catch (Exception e) {
      return null;
    }
    return null;
  }
}
