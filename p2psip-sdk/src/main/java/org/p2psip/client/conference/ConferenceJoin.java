package org.p2psip.client.conference;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.netcoord.FocusRanking;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Joining a conference (DisCo section 4.4): fetch its foci, keep only entries the joiner itself can
 * verify, rank them by coordinate distance to its own coordinate, probe the best {@code shortlist}
 * directly (foci answer the landmarks' probe) and choose the smallest measured RTT.
 */
public final class ConferenceJoin {

  /** One candidate as the joiner saw it; probed is NaN when not probed or unanswered. */
  public record Candidate(Focus focus, double predictedRttMillis, double probedRttMillis) {}

  /** The choice and everything it was made from, best first. */
  public record Joined(
      String conference, long generation, Candidate chosen, List<Candidate> ranked, int rejected) {}

  private final RegistryClient registry;
  private final RttProber prober;
  private final int shortlist;

  public ConferenceJoin(RegistryClient registry, RttProber prober, int shortlist) {
    this.registry = registry;
    this.prober = prober;
    this.shortlist = shortlist;
  }

  public Mono<Joined> join(String uri, Coordinate own, @Nullable X509Certificate overlayCa) {
    return join(uri, own, overlayCa, Set.of());
  }

  /**
   * As {@link #join(String, Coordinate, X509Certificate)}, never choosing a focus whose entity
   * ({@link FocusAddress#entity}) or address ({@link FocusAddress#hostPort}) is in {@code avoid}: a
   * participant whose focus died rejoins (DisCo 4.6) before the dead focus's registration is gone.
   */
  public Mono<Joined> join(
      String uri, Coordinate own, @Nullable X509Certificate overlayCa, Set<String> avoid) {
    return ConferenceFoci.fetch(registry, uri, overlayCa)
        .flatMap(
            foci -> {
              String conference = foci.conference();
              List<Focus> trusted =
                  foci.trusted().stream()
                      .filter(
                          focus ->
                              !(focus.registration() instanceof DisCoRegistration.FocusUri at
                                  && (avoid.contains(FocusAddress.entity(at.uri()))
                                      || FocusAddress.reachesAny(at.uri(), avoid))))
                      .toList();
              int rejected = foci.rejected();
              if (trusted.isEmpty()) {
                return Mono.error(
                    new ConferenceException(
                        "conference sip:"
                            + conference
                            + " has no focus that can be trusted"
                            + (rejected > 0 ? " (" + rejected + " rejected)" : "")));
              }
              List<FocusRanking.Ranked<Focus>> ranked =
                  FocusRanking.rank(
                      own.toArray(),
                      trusted,
                      focus ->
                          focus.registration().coordinate() == null
                              ? null
                              : focus.registration().coordinate().toArray());
              List<FocusRanking.Ranked<Focus>> best = FocusRanking.shortlist(ranked, shortlist);
              int rejectedCount = rejected;
              return Flux.fromIterable(best)
                  .concatMap(r -> probe(r.candidate()))
                  .collectList()
                  .map(
                      probed -> {
                        double[] rtts = probed.stream().mapToDouble(Double::doubleValue).toArray();
                        FocusRanking.Ranked<Focus> chosen = FocusRanking.confirmByProbe(best, rtts);
                        List<Candidate> candidates = new ArrayList<>();
                        Candidate chosenCandidate = null;
                        for (int i = 0; i < ranked.size(); i++) {
                          FocusRanking.Ranked<Focus> r = ranked.get(i);
                          Candidate candidate =
                              new Candidate(
                                  r.candidate(),
                                  r.predictedRtt(),
                                  i < rtts.length ? rtts[i] : Double.NaN);
                          candidates.add(candidate);
                          if (r == chosen) {
                            chosenCandidate = candidate;
                          }
                        }
                        return new Joined(
                            conference,
                            foci.generation(),
                            chosenCandidate,
                            candidates,
                            rejectedCount);
                      });
            });
  }

  private Mono<Double> probe(Focus focus) {
    Optional<InetSocketAddress> address =
        focus.registration() instanceof DisCoRegistration.FocusUri uri
            ? FocusAddress.probe(uri.uri())
            : Optional.empty();
    return address.map(prober::minimumRtt).orElse(Mono.just(Double.NaN));
  }
}
