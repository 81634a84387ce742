package org.p2psip.hostpeer.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.hostpeer.record.LiveObject;
import org.p2psip.hostpeer.record.PutOutcome;
import org.p2psip.hostpeer.record.RecordPlacement;
import org.p2psip.hostpeer.record.RecordStore;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link RecordStore} for unit tests of the handlers' logic: it stores nothing, it answers what
 * the test scripted and writes down what it was asked (when the answer is subscribed to). (The
 * store itself is tested against Redis in {@code RedisRecordStoreIT}.)
 */
final class ScriptedStore implements RecordStore {

  /** One call, as the handler made it. */
  record Call(String operation, Id128 resourceId, Object subject, Duration lifetime) {}

  final List<Call> calls = new ArrayList<>();
  PutOutcome putOutcome = PutOutcome.STORED;

  /** Outcomes for particular Resource-IDs, before {@link #putOutcome}. */
  final Map<Id128, PutOutcome> putOutcomes = new HashMap<>();

  boolean refreshFinds = true;
  boolean removeFinds = true;
  List<LiveObject> objects = List.of();

  @Override
  public Mono<PutOutcome> put(StoredObject object, Duration lifetime) {
    return Mono.fromSupplier(
        () -> {
          calls.add(new Call("put", object.resourceId(), object, lifetime));
          return putOutcomes.getOrDefault(object.resourceId(), putOutcome);
        });
  }

  @Override
  public Mono<Boolean> refresh(
      Id128 resourceId, Id128 owner, Octets contentHash, Duration lifetime) {
    return Mono.fromSupplier(
        () -> {
          calls.add(new Call("refresh", resourceId, List.of(owner, contentHash), lifetime));
          return refreshFinds;
        });
  }

  @Override
  public Flux<LiveObject> get(Id128 resourceId) {
    return Flux.defer(
        () -> {
          calls.add(new Call("get", resourceId, resourceId, Duration.ZERO));
          return Flux.fromIterable(objects);
        });
  }

  @Override
  public Mono<Boolean> remove(Id128 resourceId, Id128 owner, Octets contentHash) {
    return Mono.fromSupplier(
        () -> {
          calls.add(new Call("remove", resourceId, List.of(owner, contentHash), Duration.ZERO));
          return removeFinds;
        });
  }

  /** This peer's cache is {@code cache}; {@code responsible} holds every Resource-ID. */
  static RecordPlacement placement(RecordStore cache, RecordStore responsible) {
    return new RecordPlacement() {
      @Override
      public RecordStore cache() {
        return cache;
      }

      @Override
      public RecordStore responsibleFor(Id128 resourceId) {
        return responsible;
      }
    };
  }
}
