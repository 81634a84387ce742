package org.p2psip.landmark.mesh;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The published embedding as Redis has it, and the last one read or published by this process, kept
 * so that {@code GET /v1/landmarks} can still answer while Redis is down: coordinates a moment old
 * are what clients need, and what every landmark was answering before the outage. The mesh reads it
 * every embed interval, so the copy is fresh even on a landmark nobody asks.
 */
public final class PublishedEmbeddings {

  private final LandmarkDirectory directory;
  private final AtomicReference<@Nullable PublishedEmbedding> last = new AtomicReference<>();

  public PublishedEmbeddings(LandmarkDirectory directory) {
    this.directory = directory;
  }

  /** What Redis holds now; remembered when there is one. */
  public Mono<Optional<PublishedEmbedding>> read() {
    return directory.published().doOnNext(published -> published.ifPresent(this::remember));
  }

  /** Remembers {@code embedding} unless a later version is already known. */
  void remember(PublishedEmbedding embedding) {
    last.accumulateAndGet(
        embedding,
        (known, seen) -> known == null || seen.version() >= known.version() ? seen : known);
  }

  /** The last embedding this process read or published, if any. */
  public Optional<PublishedEmbedding> lastKnown() {
    return Optional.ofNullable(last.get());
  }
}
