package org.p2psip.hostpeer.overlay.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psip.overlay.node.ReplicaStore.Reply;

/**
 * A Reply a test waits on. The wait is bounded only so that a store that never answers fails the
 * test instead of hanging it; it asserts nothing about speed.
 */
final class Answer<T> implements Reply<T> {

  private final CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();
  private final AtomicInteger calls = new AtomicInteger();

  record Outcome<T>(T value, String failure) {}

  @Override
  public void ok(T value) {
    calls.incrementAndGet();
    outcome.complete(new Outcome<>(value, null));
  }

  @Override
  public void failed(String why) {
    calls.incrementAndGet();
    outcome.complete(new Outcome<>(null, why));
  }

  Outcome<T> await() {
    try {
      return outcome.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the store did not answer", e);
    }
  }

  /** The value; fails the test if the store answered {@code failed}. */
  T value() {
    Outcome<T> answered = await();
    if (answered.failure() != null) {
      throw new AssertionError("the store failed: " + answered.failure());
    }
    return answered.value();
  }

  int calls() {
    return calls.get();
  }
}
