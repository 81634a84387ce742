package org.p2psip.hostpeer.overlay.peer;

import org.p2psip.hostpeer.config.HostPeerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

/** The ring membership, only with {@code p2psip.host-peer.overlay.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "p2psip.host-peer.overlay", name = "enabled", havingValue = "true")
class OverlayPeerConfiguration {

  @Bean
  OverlayPeer overlayPeer(
      HostPeerProperties properties,
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate,
      ObjectProvider<SslBundles> sslBundles) {
    return new OverlayPeer(properties, binaryRedisTemplate, sslBundles.getIfAvailable());
  }

  @Bean
  OverlayEndpoint overlayEndpoint(OverlayPeer overlayPeer) {
    return new OverlayEndpoint(overlayPeer);
  }
}
