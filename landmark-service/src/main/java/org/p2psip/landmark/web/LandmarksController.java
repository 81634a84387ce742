package org.p2psip.landmark.web;

import java.net.URI;
import java.util.Map;
import org.p2psip.landmark.mesh.LandmarkDirectory;
import org.p2psip.landmark.mesh.LandmarkMesh;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The published landmark coordinates (what a client needs to compute its own) and this landmark's
 * own view of the mesh. Any landmark answers for all: they share one published embedding.
 */
@RestController
public final class LandmarksController {

  private final LandmarkDirectory directory;
  private final LandmarkMesh mesh;

  public LandmarksController(LandmarkDirectory directory, LandmarkMesh mesh) {
    this.directory = directory;
    this.mesh = mesh;
  }

  /** 200 with the embedding; 503 problem while none has been published yet. */
  @GetMapping("/v1/landmarks")
  public Mono<ResponseEntity<Object>> landmarks() {
    return directory
        .published()
        .map(
            published ->
                published
                    .<ResponseEntity<Object>>map(
                        embedding ->
                            ResponseEntity.ok()
                                .cacheControl(CacheControl.noCache())
                                .eTag("\"" + embedding.version() + "\"")
                                .body(embedding))
                    .orElseGet(LandmarksController::notYet));
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
  public Map<String, Object> self() {
    return mesh.state();
  }
}
