package org.p2psip.registry.web;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p2psip.netcoord.FocusRanking;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.DisCoRegistrations;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.registry.RegistryException;
import org.p2psip.registry.RegistryService;
import org.p2psip.registry.store.DictionaryStore;
import org.p2psip.registry.store.KindNames;
import org.p2psip.registry.store.RawDictionary;
import org.p2psip.registry.store.StoredEntry;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Store, Fetch and Stat with RFC 6940 semantics over HTTP, and the closest-focus query (DisCo 4.4),
 * for a resource named by Resource-ID or URI ({@link ResourceRef}). Refusals are RFC 7807 problems
 * ({@link ProblemAdvice}).
 */
@RestController
@RequestMapping(path = "/v1/resources/{resource}", produces = MediaType.APPLICATION_JSON_VALUE)
public final class ResourceController {

  private static final int MAX_K = 64;

  private final RegistryService registry;
  private final DictionaryStore store;

  public ResourceController(RegistryService registry, DictionaryStore store) {
    this.registry = registry;
    this.store = store;
  }

  @PostMapping(path = "/store", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ApiTypes.StoreResponse> store(
      @PathVariable String resource, @RequestBody ApiTypes.StoreRequest request) {
    Id128 id = ResourceRef.parse(resource);
    return registry
        .store(id, request)
        .map(
            generations -> {
              List<ApiTypes.KindGeneration> kinds = new ArrayList<>();
              for (int i = 0; i < generations.size(); i++) {
                Kind kind = KindNames.parse(request.kinds().get(i).kind());
                List<?> entries = request.kinds().get(i).entries();
                kinds.add(
                    new ApiTypes.KindGeneration(
                        KindNames.name(kind),
                        kind.id(),
                        generations.get(i),
                        entries == null ? 0 : entries.size()));
              }
              return new ApiTypes.StoreResponse(id.hex(), kinds);
            });
  }

  /**
   * Live entries of one kind (tombstones included, so a reader sees deletions), or those of the
   * given keys (a key with no live entry answers {@code exists: false} with storage time 0, as RFC
   * 6940 answers a fetch of absent data). With {@code generation} equal to the current one the
   * answer is {@code unchanged} without entries; {@code If-None-Match} with the ETag gives 304.
   */
  @GetMapping("/kinds/{kind}")
  public Mono<ResponseEntity<String>> fetch(
      @PathVariable String resource,
      @PathVariable String kind,
      @RequestParam(name = "key", required = false) @Nullable List<String> keys,
      @RequestParam(name = "generation", required = false) @Nullable Long generation,
      @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
    Id128 id = ResourceRef.parse(resource);
    Kind parsed = KindNames.parse(kind);
    List<String> wanted =
        keys == null ? List.of() : keys.stream().map(ResourceController::key).distinct().toList();
    return store
        .fetchRaw(id, parsed, wanted)
        .map(
            dictionary -> {
              String etag = "\"" + dictionary.generation() + "\"";
              if (wanted.isEmpty() && etag.equals(ifNoneMatch)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).<String>build();
              }
              boolean unchanged = generation != null && generation == dictionary.generation();
              // stored entries are already JSON in the API's shape: spliced, not re-encoded
              StringBuilder body =
                  new StringBuilder(256 + dictionary.entries().size() * 1200)
                      .append("{\"resourceId\":\"")
                      .append(id.hex())
                      .append("\",\"kind\":\"")
                      .append(KindNames.name(parsed))
                      .append("\",\"kindId\":")
                      .append(parsed.id())
                      .append(",\"generation\":")
                      .append(dictionary.generation())
                      .append(",\"unchanged\":")
                      .append(unchanged)
                      .append(",\"entries\":[");
              if (!unchanged) {
                String separator = "";
                for (RawDictionary.RawEntry entry : dictionary.entries()) {
                  body.append(separator).append(entry.apiJson());
                  separator = ",";
                }
                for (String key : wanted) {
                  if (dictionary.entries().stream().noneMatch(e -> e.key().equals(key))) {
                    // RFC 6940: a fetch of absent data answers a non-existent value
                    body.append(separator)
                        .append("{\"key\":\"")
                        .append(key)
                        .append(
                            "\",\"exists\":false,\"value\":\"\",\"storageTime\":0,\"lifetime\":0,"
                                + "\"signature\":\"\",\"certificate\":\"\"}");
                    separator = ",";
                  }
                }
              }
              body.append("]}");
              ResponseEntity.BodyBuilder ok =
                  ResponseEntity.ok()
                      .cacheControl(CacheControl.noCache())
                      .contentType(MediaType.APPLICATION_JSON);
              if (wanted.isEmpty()) {
                ok = ok.eTag(etag);
              }
              return ok.body(body.toString());
            });
  }

  /** Stat of every kind: existence, generation, entry metadata; {@code available} if none. */
  @GetMapping("/stat")
  public Mono<ApiTypes.StatResponse> stat(@PathVariable String resource) {
    Id128 id = ResourceRef.parse(resource);
    return store
        .fetchAll(id)
        .map(
            dictionary ->
                new ApiTypes.KindStat(
                    KindNames.name(dictionary.kind()),
                    dictionary.kind().id(),
                    !dictionary.existing().isEmpty(),
                    dictionary.generation(),
                    dictionary.entries().stream().map(Entries::meta).toList()))
        .collectList()
        .map(
            kinds ->
                new ApiTypes.StatResponse(
                    id.hex(), kinds.stream().noneMatch(ApiTypes.KindStat::exists), kinds));
  }

  /**
   * The conference's foci ranked by the distance between their coordinate and {@code coordinate}
   * (docs/protocol.md 4.2 bytes in base64url, or decimals separated by commas), the {@code k}
   * closest. Foci without a comparable coordinate come last.
   */
  @GetMapping("/kinds/disco/closest")
  public Mono<ApiTypes.ClosestResponse> closest(
      @PathVariable String resource,
      @RequestParam String coordinate,
      @RequestParam(defaultValue = "3") int k) {
    Id128 id = ResourceRef.parse(resource);
    double[] own = coordinate(coordinate);
    if (k < 1 || k > MAX_K) {
      throw new RegistryException(ReloadErrorCode.INVALID_MESSAGE, "k is 1 to " + MAX_K);
    }
    return store
        .fetch(id, Kind.DISCO_REGISTRATION, List.of())
        .map(
            dictionary -> {
              List<Map.Entry<StoredEntry, DisCoRegistration>> foci = new ArrayList<>();
              for (StoredEntry entry : dictionary.existing()) {
                foci.add(Map.entry(entry, DisCoRegistrations.decode(entry.value())));
              }
              List<FocusRanking.Ranked<Map.Entry<StoredEntry, DisCoRegistration>>> ranked =
                  FocusRanking.rank(
                      own,
                      foci,
                      focus ->
                          focus.getValue().coordinate() == null
                              ? null
                              : focus.getValue().coordinate().toArray());
              return new ApiTypes.ClosestResponse(
                  id.hex(),
                  dictionary.generation(),
                  own,
                  FocusRanking.shortlist(ranked, k).stream()
                      .map(
                          r ->
                              new ApiTypes.RankedFocus(
                                  r.candidate().getKey().key(),
                                  Double.isInfinite(r.predictedRtt()) ? null : r.predictedRtt(),
                                  registration(r.candidate().getValue()),
                                  Entries.json(r.candidate().getKey())))
                      .toList());
            });
  }

  static ApiTypes.Registration registration(DisCoRegistration registration) {
    double[] at = registration.coordinate() == null ? null : registration.coordinate().toArray();
    if (registration instanceof DisCoRegistration.FocusUri uri) {
      return new ApiTypes.Registration("sip_focus_uri", at, uri.uri(), null);
    }
    DisCoRegistration.FocusNodeIds nodes = (DisCoRegistration.FocusNodeIds) registration;
    return new ApiTypes.Registration(
        "sip_focus_node_id",
        at,
        null,
        nodes.destinations().stream().map(d -> d.nodeId().hex()).toList());
  }

  private static double[] coordinate(String text) {
    try {
      if (text.contains(",") || text.matches("-?[0-9.]+(e-?[0-9]+)?")) {
        String[] parts = text.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          values[i] = Double.parseDouble(parts[i].trim());
        }
        return Coordinate.of(values).toArray();
      }
      return Coordinate.decode(
              Base64.getUrlDecoder()
                  .decode(text.replace('+', '-').replace('/', '_').replace("=", "")))
          .toArray();
    } catch (RuntimeException e) {
      throw new RegistryException(
          ReloadErrorCode.INVALID_MESSAGE,
          "coordinate is docs/protocol.md 4.2 bytes in base64url, or decimals separated by commas");
    }
  }

  static String key(String hex) {
    String lower = hex.trim().toLowerCase(Locale.ROOT);
    if (!lower.matches("[0-9a-f]{32}")) {
      throw new RegistryException(ReloadErrorCode.INVALID_MESSAGE, "a key is 32 hex digits");
    }
    return lower;
  }
}
