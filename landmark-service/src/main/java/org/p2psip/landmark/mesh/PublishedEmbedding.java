package org.p2psip.landmark.mesh;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The landmark coordinates clients compute their own against (DisCo sections 3.7 and 4.2), as
 * published in Redis and served by {@code GET /v1/landmarks}.
 *
 * @param version raised by one at every publication; a client's coordinate is only comparable with
 *     coordinates computed against the same version
 * @param dimensions coordinate dimensions
 * @param computedAt when it was computed (ISO-8601)
 * @param computedBy the landmark that held the lease and computed it
 * @param fitMedianRelativeError median of |predicted - measured| / measured over landmark pairs
 * @param landmarks the landmarks with their coordinates
 * @param rttMillis the symmetric RTT matrix the embedding was computed from, in landmark order
 *     (null where neither direction was measured); kept so a new lease holder can tell whether
 *     anything changed
 */
public record PublishedEmbedding(
    long version,
    int dimensions,
    String computedAt,
    String computedBy,
    double fitMedianRelativeError,
    List<Placed> landmarks,
    List<List<@Nullable Double>> rttMillis) {

  /** A landmark and its coordinate. */
  public record Placed(String id, String host, int port, double[] coordinate) {}

  PublishedEmbedding withVersion(long newVersion) {
    return new PublishedEmbedding(
        newVersion,
        dimensions,
        computedAt,
        computedBy,
        fitMedianRelativeError,
        landmarks,
        rttMillis);
  }
}
