package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.forwarding.GatewayForwarding;
import org.p2psip.testsupport.TestPki;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A correctly signed forwarded certificate while Redis (the replay guard) cannot be reached: the
 * request is answered 503, not let through unchecked and not failed with a 500. Redis here is a
 * real client connecting to a port nobody listens on.
 */
class GatewayForwardedRequestsRedisDownTest {

  static final String SECRET = "a-secret-shared-with-the-gateway-of-this-test";
  LettuceConnectionFactory connections;

  @AfterEach
  void close() {
    if (connections != null) {
      connections.destroy();
    }
  }

  @Test
  void aSignedHeaderIsAnswered503WhileReplaysCannotBeRuledOut() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    connections =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", closed),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
    connections.afterPropertiesSet();
    GatewayForwardedRequests filter =
        new GatewayForwardedRequests(
            new EnrollmentProperties.Gateway(SECRET, Duration.ofSeconds(30)),
            new ReactiveStringRedisTemplate(connections),
            Clock.systemUTC());
    String certificate =
        Base64.getEncoder()
            .encodeToString(
                new TestPki("Overlay CA")
                    .client("alice@example.org", "00112233445566778899aabbccddeeff", "o.test")
                    .certificate()
                    .getEncoded());
    String signature =
        new GatewayForwarding(SECRET.getBytes(StandardCharsets.UTF_8))
            .sign(
                Instant.now(),
                "POST",
                "/renew",
                new GatewayForwarding.Forwarded(null, certificate));
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/renew")
                .header(GatewayForwarding.CERTIFICATE_HEADER, certificate)
                .header(GatewayForwarding.SIGNATURE_HEADER, signature));
    AtomicBoolean passed = new AtomicBoolean();

    filter
        .filter(exchange, next -> Mono.fromRunnable(() -> passed.set(true)))
        .block(Duration.ofSeconds(15));

    assertThat(passed).as("not let through").isFalse();
    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
    assertThat(exchange.getResponse().getBodyAsString().block()).contains("replay");
  }
}
