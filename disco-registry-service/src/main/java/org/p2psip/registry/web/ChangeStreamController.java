package org.p2psip.registry.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.registry.RegistryService;
import org.p2psip.registry.store.Dictionary;
import org.p2psip.registry.store.DictionaryStore;
import org.p2psip.registry.store.KindNames;
import org.p2psip.registry.store.StoredEntry;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * A live view of one dictionary as server-sent events, so that foci and joiners learn of added and
 * removed foci without polling (beyond the DisCo draft). First one {@code present} event per live
 * entry, then {@code ready}; afterwards {@code added}, {@code updated} and {@code removed} (a
 * tombstone or an expiry) as they happen. Stores through the registry are pushed at once (Redis
 * Pub/Sub); expiries are noticed at the next sweep. A comment every 15 s keeps proxies from closing
 * an idle stream.
 */
@RestController
public final class ChangeStreamController {

  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final DictionaryStore store;
  private final ReactiveRedisMessageListenerContainer listener;
  private final Duration sweep;

  public ChangeStreamController(
      DictionaryStore store,
      ReactiveRedisMessageListenerContainer listener,
      RegistryService registry) {
    this.store = store;
    this.listener = listener;
    this.sweep = registry.changeSweep();
  }

  @GetMapping(
      path = "/v1/resources/{resource}/kinds/{kind}/changes",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<ApiTypes.Change>> changes(
      @PathVariable String resource, @PathVariable String kind) {
    Id128 id = ResourceRef.parse(resource);
    Kind parsed = KindNames.parse(kind);
    AtomicReference<@Nullable Map<String, StoredEntry>> known = new AtomicReference<>();
    Flux<Object> triggers =
        Flux.merge(
            listener.receive(ChannelTopic.of(DictionaryStore.changeChannel(id))),
            Flux.interval(sweep, sweep));
    Flux<ServerSentEvent<ApiTypes.Change>> events =
        Flux.concat(Flux.just((Object) "initial"), triggers.onBackpressureLatest())
            .concatMap(trigger -> store.fetch(id, parsed, List.of()), 1)
            .concatMapIterable(dictionary -> diff(known, dictionary));
    Flux<ServerSentEvent<ApiTypes.Change>> keepAlive =
        Flux.interval(KEEP_ALIVE, KEEP_ALIVE)
            .map(tick -> ServerSentEvent.<ApiTypes.Change>builder().comment("keep-alive").build());
    return Flux.merge(events, keepAlive);
  }

  private static List<ServerSentEvent<ApiTypes.Change>> diff(
      AtomicReference<@Nullable Map<String, StoredEntry>> known, Dictionary dictionary) {
    Map<String, StoredEntry> now = new HashMap<>();
    dictionary.existing().forEach(entry -> now.put(entry.key(), entry));
    Map<String, StoredEntry> before = known.getAndSet(now);
    List<ServerSentEvent<ApiTypes.Change>> events = new ArrayList<>();
    long generation = dictionary.generation();
    if (before == null) {
      now.values().forEach(entry -> events.add(event("present", entry, generation)));
      events.add(
          ServerSentEvent.<ApiTypes.Change>builder()
              .event("ready")
              .data(new ApiTypes.Change("ready", null, generation, null))
              .build());
      return events;
    }
    now.forEach(
        (key, entry) -> {
          StoredEntry old = before.get(key);
          if (old == null) {
            events.add(event("added", entry, generation));
          } else if (old.storageTime() != entry.storageTime()) {
            events.add(event("updated", entry, generation));
          }
        });
    before.forEach(
        (key, entry) -> {
          if (!now.containsKey(key)) {
            events.add(
                ServerSentEvent.<ApiTypes.Change>builder()
                    .event("removed")
                    .data(new ApiTypes.Change("removed", key, generation, null))
                    .build());
          }
        });
    return events;
  }

  private static ServerSentEvent<ApiTypes.Change> event(
      String type, StoredEntry entry, long generation) {
    return ServerSentEvent.<ApiTypes.Change>builder()
        .event(type)
        .id(entry.key())
        .data(new ApiTypes.Change(type, entry.key(), generation, Entries.json(entry)))
        .build();
  }
}
