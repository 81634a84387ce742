package org.p2psip.landmark;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A landmark's settings, under {@code p2psip.landmark}.
 *
 * @param id this landmark's id (answers carry it, the directory is keyed by it); the host name when
 *     empty, which in a Kubernetes StatefulSet is the stable pod name
 * @param bindAddress where the probe responder listens
 * @param port UDP and TCP port of the probe responder (docs/protocol.md section 5); 0 picks a free
 *     one
 * @param advertisedHost the address other landmarks and clients probe (a pod IP, a public name)
 * @param probesPerSecond probes one source address may send per second (a token bucket)
 * @param burst how many probes a source may send at once
 * @param replyDelay a test aid that makes RTTs differ on one machine by simulating an access link
 *     of that delay: added before every answer and to this landmark's own measurements of the
 *     others; refused at startup unless the {@code test} or {@code dev} profile is active
 * @param mesh how landmarks measure each other and publish their embedding
 * @param store how an outage of Redis is noticed and answered
 */
@ConfigurationProperties("p2psip.landmark")
public record LandmarkProperties(
    @Nullable String id,
    @DefaultValue("0.0.0.0") String bindAddress,
    @DefaultValue("6090") int port,
    @DefaultValue("127.0.0.1") String advertisedHost,
    @DefaultValue("200") int probesPerSecond,
    @DefaultValue("50") int burst,
    @DefaultValue("0s") Duration replyDelay,
    @DefaultValue Mesh mesh,
    @DefaultValue Store store) {

  /**
   * Redis outages: while Redis is known down every request that needs it is answered at once, from
   * memory where it can be (the last published landmarks), else 503.
   *
   * @param probeInterval how often Redis is PINGed, to notice an outage before a request does and
   *     its end as soon as possible
   * @param retryAfter the {@code Retry-After} of a 503 answered for want of Redis
   */
  public record Store(
      @DefaultValue("1s") Duration probeInterval, @DefaultValue("5s") Duration retryAfter) {}

  /**
   * The landmark mesh.
   *
   * @param measureInterval how often this landmark re-registers and measures the others
   * @param probesPerPeer probes per other landmark in one measurement; the minimum is kept
   * @param probeTimeout how long one probe waits for its answer
   * @param probeSpacing pause between two probes to the same landmark
   * @param historyRounds the RTT stored for a landmark is the minimum of this many recent rounds:
   *     queueing and load only ever add delay, so a slow round does not move the coordinates
   * @param staleAfter a landmark not seen for this long is left out (and pruned by the leader)
   * @param embedInterval how often the lease holder checks whether to recompute the embedding
   * @param leaseTtl how long the embedding lease lasts without renewal
   * @param dimensions coordinate dimensions; capped at (landmarks - 1), which is all a set of
   *     landmarks can determine
   * @param restarts random starts of the embedding; the best fit is kept
   * @param namespace the Redis hash tag of the mesh's keys: landmarks with the same namespace form
   *     one set
   * @param changeThreshold relative change of any RTT (or a changed landmark set) that makes the
   *     leader publish a new version; smaller wobble keeps the published one, so clients'
   *     coordinates stay comparable
   */
  public record Mesh(
      @DefaultValue("10s") Duration measureInterval,
      @DefaultValue("5") int probesPerPeer,
      @DefaultValue("1s") Duration probeTimeout,
      @DefaultValue("20ms") Duration probeSpacing,
      @DefaultValue("6") int historyRounds,
      @DefaultValue("45s") Duration staleAfter,
      @DefaultValue("5s") Duration embedInterval,
      @DefaultValue("20s") Duration leaseTtl,
      @DefaultValue("7") int dimensions,
      @DefaultValue("8") int restarts,
      @DefaultValue("0.2") double changeThreshold,
      @DefaultValue("landmarks") String namespace) {}
}
