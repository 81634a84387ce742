package org.p2psip.landmark.web;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.landmark.mesh.LandmarkMesh;
import org.p2psip.landmark.mesh.PublishedEmbedding;
import org.p2psip.landmark.mesh.PublishedEmbeddings;
import org.p2psip.store.StoreUnavailableException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The published landmark coordinates (what a client needs to compute its own) and this landmark's
 * own view of the mesh. Any landmark answers for all: they share one published embedding. While
 * Redis is down the last embedding this landmark read or published is answered; only a landmark
 * that knows none answers 503.
 */
@RestController
public final class LandmarksController {

  private final PublishedEmbeddings published;
  private final LandmarkMesh mesh;

  public LandmarksController(PublishedEmbeddings published, LandmarkMesh mesh) {
    this.published = published;
    this.mesh = mesh;
  }

  /**
   * 200 with the embedding; 503 problem while none has been published yet, or while Redis is down
   * and this landmark knows none.
   */
  @GetMapping("/v1/landmarks")
  public Mono<ResponseEntity<Object>> landmarks() {
    return published
        .read()
        .map(
            current ->
                current.map(LandmarksController::answer).orElseGet(LandmarksController::notYet))
        .onErrorResume(
            StoreUnavailableException.class,
            unavailable ->
                published
                    .lastKnown()
                    .map(embedding -> Mono.just(answer(embedding)))
                    .orElseGet(() -> Mono.error(unavailable)));
  }

  private static ResponseEntity<Object> answer(PublishedEmbedding embedding) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noCache())
        .eTag("\"" + embedding.version() + "\"")
        .body(embedding);
  }

  private static ResponseEntity<Object> notYet() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "no landmark coordinates have been published yet: landmarks publish once at least two"
                + " of them have measured each other");
    problem.setTitle("Landmark coordinates not yet available");
    problem.setType(URI.create("urn:p2psip:problem:landmarks-not-published"));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .body(problem);
  }

  /** This landmark: id, address, lease, last measured RTTs to the others. */
  @GetMapping("/v1/landmarks/self")
  public Map<String, @Nullable Object> self() {
    return mesh.state();
  }
}
