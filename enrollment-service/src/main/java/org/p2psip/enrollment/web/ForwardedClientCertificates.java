package org.p2psip.enrollment.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.gateway.ForwardedCertificate;
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
 * Accepts {@code X-P2PSIP-Client-Certificate} only from the gateway: the request must carry the
 * gateway's signature of that certificate for this method and path ({@link ForwardedCertificate}),
 * made within {@code max-skew}, and not seen before (each signature is remembered in Redis for
 * twice the skew, so a captured request cannot be sent again). Any other request carrying the
 * header is refused (403) before it reaches a controller; one without it passes untouched. The
 * accepted certificate is left in the exchange ({@link #of}); whether the overlay CA issued it is
 * for the controller to check, as for any certificate a client presents.
 */
@Component
@Order(0)
public final class ForwardedClientCertificates implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger(ForwardedClientCertificates.class);
  private static final String ATTRIBUTE = ForwardedClientCertificates.class.getName();

  private final ForwardedCertificate verifier;
  private final Duration maxSkew;
  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;

  @Autowired
  public ForwardedClientCertificates(
      EnrollmentProperties properties, ReactiveStringRedisTemplate redis) {
    this(properties.gateway(), redis, Clock.systemUTC());
  }

  ForwardedClientCertificates(
      EnrollmentProperties.Gateway gateway, ReactiveStringRedisTemplate redis, Clock clock) {
    String secret = gateway.forwardingSecret();
    this.verifier =
        secret == null || secret.isBlank()
            ? null
            : new ForwardedCertificate(secret.getBytes(StandardCharsets.UTF_8));
    if (verifier == null) {
      log.info(
          "no p2psip.enrollment.gateway.forwarding-secret: client certificates forwarded by a"
              + " gateway are refused");
    }
    this.maxSkew = gateway.maxSkew();
    this.redis = redis;
    this.clock = clock;
  }

  /** The client certificate the gateway vouched for on this request, if any. */
  public static Optional<X509Certificate> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String certificate = request.getHeaders().getFirst(ForwardedCertificate.CERTIFICATE_HEADER);
    if (certificate == null) {
      return chain.filter(exchange);
    }
    if (verifier == null) {
      return refuse(exchange, "this service accepts no forwarded client certificates");
    }
    String signature = request.getHeaders().getFirst(ForwardedCertificate.SIGNATURE_HEADER);
    ForwardedCertificate.Verdict verdict =
        verifier.verify(
            signature,
            request.getMethod().name(),
            ForwardedCertificate.pathOf(request.getURI()),
            certificate,
            clock.instant(),
            maxSkew);
    if (verdict != ForwardedCertificate.Verdict.VALID) {
      return refuse(exchange, "not signed by the gateway (" + verdict + ")");
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
              exchange.getAttributes().put(ATTRIBUTE, parsed.get());
              return chain.filter(exchange);
            });
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
        "refused {} {} from {}: client certificate header {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getURI().getRawPath(),
        exchange.getRequest().getRemoteAddress(),
        why);
    return answer(exchange, HttpStatus.FORBIDDEN, "client certificate header refused: " + why);
  }

  private static Mono<Void> answer(ServerWebExchange exchange, HttpStatus status, String text) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
