package org.p2psip.landmark;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.p2psip.landmark.mesh.LandmarkDirectory;
import org.p2psip.landmark.mesh.LandmarkMesh;
import org.p2psip.landmark.mesh.PublishedEmbeddings;
import org.p2psip.landmark.probe.LandmarkProbeResponder;
import org.p2psip.probe.ProbeResponder;
import org.p2psip.problem.ProblemAnswers;
import org.p2psip.problem.ProblemExceptionHandler;
import org.p2psip.store.StoreAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the landmark's probe responder and its part in the landmark mesh. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LandmarkProperties.class)
class LandmarkConfiguration {

  /** This landmark's id: configured, else the host name (the pod name in a StatefulSet). */
  @Bean
  LandmarkId landmarkId(LandmarkProperties properties) {
    String id = properties.id();
    if (id == null || id.isBlank()) {
      try {
        id = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "no p2psip.landmark.id configured and the host name cannot be read", e);
      }
    }
    return new LandmarkId(id);
  }

  @Bean
  LandmarkProbeResponder probeResponder(
      LandmarkProperties properties, LandmarkId id, MeterRegistry meters, Environment environment) {
    ReplyDelayGuard.check(properties.replyDelay(), environment);
    return new LandmarkProbeResponder(
        new ProbeResponder.Settings(
            id.value(),
            properties.bindAddress(),
            properties.port(),
            properties.probesPerSecond(),
            properties.burst(),
            properties.replyDelay()),
        meters);
  }

  @Bean
  StoreAvailability storeAvailability(
      ReactiveStringRedisTemplate redis, LandmarkProperties properties, MeterRegistry meters) {
    return new StoreAvailability(
        redis, properties.store().probeInterval(), properties.store().retryAfter(), meters);
  }

  @Bean
  LandmarkDirectory landmarkDirectory(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      LandmarkProperties properties,
      StoreAvailability availability) {
    return new LandmarkDirectory(redis, json, properties.mesh().namespace(), availability);
  }

  @Bean
  PublishedEmbeddings publishedEmbeddings(LandmarkDirectory directory) {
    return new PublishedEmbeddings(directory);
  }

  @Bean
  LandmarkMesh landmarkMesh(
      LandmarkDirectory directory,
      PublishedEmbeddings published,
      LandmarkProperties properties,
      LandmarkId id,
      LandmarkProbeResponder responder,
      MeterRegistry meters) {
    return new LandmarkMesh(
        directory, published, properties, id.value(), responder::port, Clock.systemUTC(), meters);
  }

  /** The id this landmark answers and registers with. */
  record LandmarkId(String value) {}

  /** Errors that escape the dispatcher, as problems too (before Spring Boot's own JSON). */
  @Bean
  ProblemExceptionHandler problemExceptionHandler(ProblemAnswers problems, JsonMapper json) {
    return new ProblemExceptionHandler(problems, json);
  }
}
