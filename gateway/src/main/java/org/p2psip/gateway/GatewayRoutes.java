package org.p2psip.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.net.URI;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The routes of the HTTPS front door: each backend's paths, with on every route the request size
 * limit, the per-client rate limit (Redis token bucket) and the backend's circuit breaker, whose
 * fallback answers a problem (502, 503 or 504, {@link FallbackController}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayRoutes {

  @Bean
  @Primary
  ClientKeyResolver clientKeyResolver() {
    return new ClientKeyResolver();
  }

  @Bean
  @Primary
  RedisRateLimiter clientRateLimiter(GatewayProperties properties) {
    return new RedisRateLimiter(
        properties.rateLimit().replenishRate(), properties.rateLimit().burstCapacity());
  }

  @Bean
  Customizer<ReactiveResilience4JCircuitBreakerFactory> backendCircuitBreakers(
      GatewayProperties properties) {
    GatewayProperties.CircuitBreaker breaker = properties.circuitBreaker();
    return factory ->
        factory.configureDefault(
            id ->
                new Resilience4JConfigBuilder(id)
                    .circuitBreakerConfig(
                        CircuitBreakerConfig.custom()
                            .failureRateThreshold(breaker.failureRateThreshold())
                            .slidingWindowSize(breaker.slidingWindowSize())
                            .minimumNumberOfCalls(breaker.minimumCalls())
                            .waitDurationInOpenState(breaker.openFor())
                            .build())
                    // the backend timeout is the time limit: one clock, one answer (504)
                    .timeLimiterConfig(
                        TimeLimiterConfig.custom()
                            .timeoutDuration(properties.backendTimeout())
                            .build())
                    .build());
  }

  @Bean
  RouteLocator routes(
      RouteLocatorBuilder builder,
      GatewayProperties properties,
      ClientKeyResolver keys,
      RedisRateLimiter limiter) {
    return builder
        .routes()
        .route(
            "enrollment",
            r ->
                r.path(
                        "/enroll",
                        "/renew",
                        "/crl",
                        "/v1/ca",
                        "/v1/conferences",
                        "/v1/certificates/**",
                        "/.well-known/reload-config")
                    .filters(f -> common(f, "enrollment", properties, keys, limiter))
                    .uri(properties.enrollmentUri()))
        .route(
            "registry",
            r ->
                r.path("/v1/resources/**", "/openapi.yaml")
                    .filters(f -> common(f, "registry", properties, keys, limiter))
                    .uri(properties.registryUri()))
        .route(
            "landmarks",
            r ->
                r.path("/v1/landmarks", "/v1/landmarks/**")
                    .filters(f -> common(f, "landmarks", properties, keys, limiter))
                    .uri(properties.landmarksUri()))
        .build();
  }

  private static GatewayFilterSpec common(
      GatewayFilterSpec filters,
      String backend,
      GatewayProperties properties,
      ClientKeyResolver keys,
      RedisRateLimiter limiter) {
    return filters
        .setRequestSize(properties.maxRequestSize())
        .requestRateLimiter(
            (RequestRateLimiterGatewayFilterFactory.Config config) ->
                config.setRateLimiter(limiter).setKeyResolver(keys))
        .circuitBreaker(
            config ->
                config
                    .setName(backend)
                    .setFallbackUri(URI.create("forward:/fallback/" + backend))
                    // a backend's own answers (4xx, even 5xx) are passed on, not replaced
                    .setStatusCodes(Set.of()));
  }
}
