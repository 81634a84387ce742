package org.p2psip.landmark.web;

import org.p2psip.landmark.mesh.LandmarkMesh;
import org.p2psip.landmark.probe.LandmarkProbeResponder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code landmark}: UP while the probe responder is bound (a landmark that cannot answer probes is
 * useless to clients), with the mesh state as details.
 */
@Component("landmark")
public final class LandmarkHealthIndicator implements ReactiveHealthIndicator {

  private final LandmarkProbeResponder responder;
  private final LandmarkMesh mesh;

  public LandmarkHealthIndicator(LandmarkProbeResponder responder, LandmarkMesh mesh) {
    this.responder = responder;
    this.mesh = mesh;
  }

  @Override
  public Mono<Health> health() {
    Health.Builder health = responder.isRunning() ? Health.up() : Health.down();
    mesh.state().forEach((key, value) -> health.withDetail(key, value == null ? "" : value));
    return Mono.just(health.build());
  }
}
