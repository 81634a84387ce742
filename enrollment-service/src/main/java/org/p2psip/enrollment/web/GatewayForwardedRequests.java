package org.p2psip.enrollment.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.forwarding.GatewayForwarding.Forwarded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Accepts what the gateway vouches for, and only from the gateway: the client's address ({@code
 * X-P2PSIP-Client-Address}) and a client certificate its TLS handshake verified ({@code
 * X-P2PSIP-Client-Certificate}). The request must carry the gateway's signature of both for this
 * method and path ({@link GatewayForwarding}), made within {@code max-skew}; a signature that
 * vouches for a certificate must also not have been seen before (each is remembered in Redis for
 * twice the skew, so a captured request cannot be sent again; a replayed address alone gains
 * nothing). Any other request carrying either header is refused (403) before it reaches a
 * controller; one without them passes untouched and its client is its TCP peer.
 *
 * <p>The accepted values are left in the exchange: {@link #clientAddress} (used for the login
 * throttle, the audit trail and logs: behind the gateway the TCP peer is the gateway itself, and
 * keying the throttle on it would lock everyone out at once) and {@link #certificate} (whether the
 * overlay CA issued it is for the controller to check, as for any certificate a client presents).
 */
@Component
@Order(0)
public final class GatewayForwardedRequests implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger(GatewayForwardedRequests.class);
  private static final String CERTIFICATE = GatewayForwardedRequests.class.getName() + ".cert";
  private static final String ADDRESS = GatewayForwardedRequests.class.getName() + ".address";

  private final @Nullable GatewayForwarding verifier;
  private final Duration maxSkew;
  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;

  @Autowired
  public GatewayForwardedRequests(
      EnrollmentProperties properties, ReactiveStringRedisTemplate redis) {
    this(properties.gateway(), redis, Clock.systemUTC());
  }

  GatewayForwardedRequests(
      EnrollmentProperties.Gateway gateway, ReactiveStringRedisTemplate redis, Clock clock) {
    String secret = gateway.forwardingSecret();
    this.verifier =
        secret == null || secret.isBlank()
            ? null
            : new GatewayForwarding(secret.getBytes(StandardCharsets.UTF_8));
    if (verifier == null) {
      log.info(
          "no p2psip.enrollment.gateway.forwarding-secret: client addresses and certificates"
              + " forwarded by a gateway are refused");
    }
    this.maxSkew = gateway.maxSkew();
    this.redis = redis;
    this.clock = clock;
  }

  /** The client certificate the gateway vouched for on this request, if any. */
  public static Optional<X509Certificate> certificate(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(CERTIFICATE));
  }

  /**
   * The client's address: the one the gateway vouched for, else the TCP peer; "unknown" when
   * neither is known.
   */
  public static String clientAddress(ServerWebExchange exchange) {
    String forwarded = exchange.getAttribute(ADDRESS);
    if (forwarded != null) {
      return forwarded;
    }
    var remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String certificate = request.getHeaders().getFirst(GatewayForwarding.CERTIFICATE_HEADER);
    String address = request.getHeaders().getFirst(GatewayForwarding.ADDRESS_HEADER);
    if (certificate == null && address == null) {
      return chain.filter(exchange);
    }
    if (verifier == null) {
      return refuse(exchange, "this service accepts no headers forwarded by a gateway");
    }
    String signature = request.getHeaders().getFirst(GatewayForwarding.SIGNATURE_HEADER);
    GatewayForwarding.Verdict verdict =
        verifier.verify(
            signature,
            request.getMethod().name(),
            GatewayForwarding.pathOf(request.getURI()),
            new Forwarded(address, certificate),
            clock.instant(),
            maxSkew);
    if (verdict != GatewayForwarding.Verdict.VALID) {
      return refuse(exchange, "not signed by the gateway (" + verdict + ")");
    }
    if (address != null && !plausibleAddress(address)) {
      return refuse(exchange, "not an address");
    }
    if (address != null) {
      exchange.getAttributes().put(ADDRESS, address);
    }
    if (certificate == null) {
      return chain.filter(exchange);
    }
    Optional<X509Certificate> parsed = parse(certificate);
    if (parsed.isEmpty()) {
      return refuse(exchange, "not a certificate");
    }
    return redis
        .opsForValue()
        .setIfAbsent("enroll:forwarded:{" + signature + "}", "1", maxSkew.multipliedBy(2))
        .map(Optional::of)
        // without Redis a replay cannot be ruled out: refuse for now, do not fail
        .onErrorReturn(Optional.empty())
        .flatMap(
            first -> {
              if (first.isEmpty()) {
                return answer(
                    exchange,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "client certificate header cannot be checked for replay now; try again");
              }
              if (!Boolean.TRUE.equals(first.get())) {
                return refuse(exchange, "a signature already used (replay)");
              }
              exchange.getAttributes().put(CERTIFICATE, parsed.get());
              return chain.filter(exchange);
            });
  }

  /** An IPv4 or IPv6 literal as the gateway writes it (it is also a Redis key part and logged). */
  static boolean plausibleAddress(String address) {
    return address.length() <= 45 && address.matches("[0-9A-Fa-f:.%]+") && !address.isEmpty();
  }

  private static Optional<X509Certificate> parse(String base64) {
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return Optional.of(
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, String why) {
    log.warn(
        "refused {} {} from {}: forwarded headers {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getURI().getRawPath(),
        exchange.getRequest().getRemoteAddress(),
        why);
    return answer(exchange, HttpStatus.FORBIDDEN, "forwarded headers refused: " + why);
  }

  private static Mono<Void> answer(ServerWebExchange exchange, HttpStatus status, String text) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
