package org.p2psip.hostpeer.overlay.peer;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.handler.LocalPeer;
import org.p2psip.hostpeer.overlay.records.OverlayRecordStore;
import org.p2psip.hostpeer.record.NearCache;
import org.p2psip.hostpeer.record.OneStorePlacement;
import org.p2psip.hostpeer.record.OwnerQuota;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.hostpeer.status.RingMembership;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

/**
 * The ring membership, only with {@code p2psip.host-peer.overlay.enabled=true}: the overlay peer,
 * and clients' records placed through it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "p2psip.host-peer.overlay", name = "enabled", havingValue = "true")
class OverlayPeerConfiguration {

  @Bean
  OverlayPeer overlayPeer(
      HostPeerProperties properties,
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate,
      ObjectProvider<SslBundles> sslBundles,
      LocalPeer localPeer,
      PeerStatusMonitor status,
      RingMembership ringMembership,
      MeterRegistry meters) {
    return new OverlayPeer(
        properties,
        binaryRedisTemplate,
        sslBundles.getIfAvailable(),
        localPeer,
        status,
        ringMembership,
        meters);
  }

  /**
   * Every client record goes through the ring (docs/peer-protocol.md 6), read through the host-peer
   * cache: one entry per Resource-ID, fresh for {@code overlay.cache-ttl}.
   */
  @Bean
  RecordPlacement overlayRecordPlacement(
      OverlayPeer overlayPeer,
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate,
      HostPeerProperties properties) {
    HostPeerProperties.Records records = properties.records();
    OverlayRecordStore overlay =
        new OverlayRecordStore(
            overlayPeer, new OwnerQuota(binaryRedisTemplate, records), System::currentTimeMillis);
    return new OneStorePlacement(
        new NearCache(
            overlay,
            properties.overlay().cacheTtl(),
            records.nearCacheEntries(),
            System::nanoTime,
            Clock.systemUTC()));
  }

  @Bean
  OverlayEndpoint overlayEndpoint(OverlayPeer overlayPeer) {
    return new OverlayEndpoint(overlayPeer);
  }
}
