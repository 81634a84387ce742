package org.p2psip.gateway;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings, under {@code p2psip.gateway}.
 *
 * @param enrollmentUri the enrollment service (enrollment, renewal, CRL, CA, conferences, the
 *     overlay configuration document)
 * @param registryUri the DisCo registry ({@code /v1/resources/**}, {@code /openapi.yaml})
 * @param landmarksUri a landmark service ({@code /v1/landmarks/**})
 * @param maxRequestSize larger request bodies are refused (413) before reaching a backend
 * @param rateLimit per client (the user of a verified client certificate, else the address)
 * @param backendTimeout how long a backend may take to answer (504 after)
 * @param circuitBreaker when a backend counts as failing (503 while its circuit is open)
 * @param forwardingSecret shared with the backends (at least 32 bytes): the client's address and a
 *     verified client certificate are forwarded only with the signature it makes ({@code
 *     GatewayForwarding}); without it neither is forwarded at all
 */
@ConfigurationProperties("p2psip.gateway")
public record GatewayProperties(
    @DefaultValue("https://127.0.0.1:8081") URI enrollmentUri,
    @DefaultValue("http://127.0.0.1:8083") URI registryUri,
    @DefaultValue("http://127.0.0.1:8084") URI landmarksUri,
    @DefaultValue("600KB") DataSize maxRequestSize,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue("10s") Duration backendTimeout,
    @DefaultValue CircuitBreaker circuitBreaker,
    @Nullable String forwardingSecret) {

  /**
   * A token bucket per client in Redis (Spring Cloud Gateway's RedisRateLimiter).
   *
   * @param replenishRate requests per second a client may make on average
   * @param burstCapacity how many it may make at once
   */
  public record RateLimit(
      @DefaultValue("20") int replenishRate, @DefaultValue("40") int burstCapacity) {}

  /**
   * Resilience4j circuit breaker per backend.
   *
   * @param failureRateThreshold percent of failed calls in the window that opens the circuit
   * @param slidingWindowSize calls the failure rate is computed over
   * @param minimumCalls calls needed before the rate counts
   * @param openFor how long the circuit stays open before trying again
   */
  public record CircuitBreaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("10s") Duration openFor) {}
}
