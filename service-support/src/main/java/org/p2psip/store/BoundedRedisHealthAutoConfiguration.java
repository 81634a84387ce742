package org.p2psip.store;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.health.DataRedisReactiveHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Replaces Spring Boot's {@code redis} health component (its auto-configuration backs off for a
 * bean of this name) with one that answers within {@value #TIMEOUT_SECONDS} s: {@link
 * BoundedRedisHealthIndicator}.
 */
@AutoConfiguration(
    after = DataRedisReactiveAutoConfiguration.class,
    before = DataRedisReactiveHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, DataRedisReactiveHealthIndicator.class})
@ConditionalOnBean(ReactiveRedisConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("redis")
public class BoundedRedisHealthAutoConfiguration {

  static final int TIMEOUT_SECONDS = 2;

  @Bean(name = "redisHealthContributor")
  ReactiveHealthIndicator redisHealthContributor(
      ReactiveRedisConnectionFactory redis, ObjectProvider<StoreAvailability> availability) {
    return new BoundedRedisHealthIndicator(
        new DataRedisReactiveHealthIndicator(redis),
        () -> availability.orderedStream().anyMatch(StoreAvailability::isDown),
        Duration.ofSeconds(TIMEOUT_SECONDS));
  }
}
