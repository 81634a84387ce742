package org.p2psip.landmark;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.p2psip.landmark.probe.ProbeResponder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the landmark's probe responder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LandmarkProperties.class)
class LandmarkConfiguration {

  @Bean
  ProbeResponder probeResponder(LandmarkProperties properties, MeterRegistry meters) {
    String id = properties.id();
    if (id == null || id.isBlank()) {
      try {
        id = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        id = "landmark";
      }
    }
    return new ProbeResponder(properties, id, meters);
  }
}
