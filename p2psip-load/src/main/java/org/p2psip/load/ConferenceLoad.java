package org.p2psip.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.p2psip.disco.focus.FocusAgent;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How fast the foci of one conference agree (DisCo 5.3): {@code foci} focus agents on this machine,
 * fully meshed over real SIP (UDP on loopback), and {@code joins} participants calling them in
 * turn, spread evenly over {@code over}. For each join: the time from the moment the focus it
 * called lists the participant to the moment every other focus does too; and from the last 200 to
 * the moment all foci hold the same roster of every participant.
 */
public final class ConferenceLoad {

  private static final String CONFERENCE = "sip:load@example.org";

  /** The outcome: per-join visibility quantiles and the convergence after the last join. */
  public record Result(
      int foci,
      int joins,
      int answered,
      Duration over,
      double p50Millis,
      double p90Millis,
      double p99Millis,
      double maxMillis,
      double lastJoinToConvergedMillis) {

    public String table() {
      return String.format(
          "foci %d, joins %d over %s (%d answered 200)%n"
              + "  join seen by every other focus after its own: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n"
              + "  last join to one roster at every focus: %.1f ms",
          foci,
          joins,
          over,
          answered,
          p50Millis,
          p90Millis,
          p99Millis,
          maxMillis,
          lastJoinToConvergedMillis);
    }

    public String json() {
      return String.format(
          "{\"foci\":%d,\"joins\":%d,\"overMillis\":%d,\"answered\":%d,\"visibleP50Millis\":%.2f,"
              + "\"visibleP90Millis\":%.2f,\"visibleP99Millis\":%.2f,\"visibleMaxMillis\":%.2f,"
              + "\"lastJoinToConvergedMillis\":%.2f}",
          foci,
          joins,
          over.toMillis(),
          answered,
          p50Millis,
          p90Millis,
          p99Millis,
          maxMillis,
          lastJoinToConvergedMillis);
    }
  }

  private ConferenceLoad() {}

  public static Result run(int fociCount, int joins, Duration over, String host) {
    List<AutoCloseable> open = new ArrayList<>();
    List<Disposable> watching = new ArrayList<>();
    try {
      List<FocusAgent> foci = new ArrayList<>();
      List<String> targets = new ArrayList<>();
      List<String> entities = new ArrayList<>();
      // participant -> first time (nanos) it appeared at each focus
      Map<String, Map<Integer, Long>> seen = new ConcurrentHashMap<>();
      for (int i = 0; i < fociCount; i++) {
        SipEndpoint sip = SipEndpoint.start(SipEndpoint.Settings.of("focus-" + i, host, 0));
        open.add(sip);
        String entity = "sip:focus-" + i + "@" + host;
        FocusAgent agent =
            new FocusAgent(sip, new FocusAgent.Settings(CONFERENCE, entity, joins, host));
        open.add(agent);
        foci.add(agent);
        entities.add(entity);
        targets.add("sip:focus-" + i + "@" + host + ":" + sip.settings().port());
        int index = i;
        watching.add(
            agent
                .changes()
                .subscribe(
                    state -> {
                      long now = System.nanoTime();
                      if (state.users() != null) {
                        for (ConferenceInfo.User user : state.users().users()) {
                          seen.computeIfAbsent(user.entity(), u -> new ConcurrentHashMap<>())
                              .putIfAbsent(index, now);
                        }
                      }
                    }));
      }
      Flux.range(0, fociCount)
          .flatMap(
              i ->
                  Flux.range(0, fociCount)
                      .filter(j -> j != i)
                      .flatMap(j -> foci.get(i).link(entities.get(j), targets.get(j))))
          .then()
          .block(Duration.ofSeconds(60));
      long meshed = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (foci.stream().anyMatch(f -> f.linkedPeers().size() < fociCount - 1)) {
        if (System.nanoTime() > meshed) {
          throw new IllegalStateException("the foci did not link to each other within 20 s");
        }
        sleep(20);
      }

      Map<String, Long> answeredAt = new ConcurrentHashMap<>();
      Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
      List<ParticipantCall> calls = new CopyOnWriteArrayList<>();
      long spacing = over.toNanos() / Math.max(1, joins);
      long start = System.nanoTime();
      Flux.range(0, joins)
          .flatMap(
              p ->
                  Mono.delay(Duration.ofNanos(spacing * p))
                      // starting a SIP stack binds sockets and threads: not on a timer thread
                      .publishOn(Schedulers.boundedElastic())
                      .then(
                          Mono.defer(
                              () -> {
                                SipEndpoint sip =
                                    SipEndpoint.start(
                                        SipEndpoint.Settings.of("participant-" + p, host, 0));
                                synchronized (open) {
                                  open.add(sip);
                                }
                                String user = "sip:p" + p + "@example.org";
                                return ParticipantCall.join(
                                        sip,
                                        new ParticipantCall.Settings(CONFERENCE, user, host, null),
                                        targets.get(p % fociCount))
                                    .doOnNext(
                                        call -> {
                                          answeredAt.put(user, System.nanoTime());
                                          answeredBy.put(user, p % fociCount);
                                          calls.add(call);
                                        })
                                    .onErrorResume(error -> Mono.empty());
                              })),
              joins)
          .then()
          .block(over.plusSeconds(120));
      long lastAnswer = answeredAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
      Set<String> everyone = answeredAt.keySet();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long converged = -1;
      while (System.nanoTime() < deadline) {
        if (agree(foci, everyone)) {
          converged = System.nanoTime();
          break;
        }
        sleep(2);
      }
      long[] visible =
          everyone.stream()
              .mapToLong(
                  user -> {
                    Map<Integer, Long> at = seen.getOrDefault(user, Map.of());
                    if (at.size() < fociCount) {
                      return Long.MAX_VALUE;
                    }
                    long all = at.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                    // from the moment the focus it called listed it (its join) to the last focus
                    long joined = at.get(answeredBy.get(user));
                    return Math.max(0, all - joined);
                  })
              .sorted()
              .toArray();
      for (ParticipantCall call : calls) {
        call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
      }
      return new Result(
          fociCount,
          joins,
          everyone.size(),
          over,
          Latencies.quantileMicros(visible, 0.50) / 1000,
          Latencies.quantileMicros(visible, 0.90) / 1000,
          Latencies.quantileMicros(visible, 0.99) / 1000,
          Latencies.quantileMicros(visible, 1.0) / 1000,
          converged < 0 ? Double.NaN : (converged - lastAnswer) / 1e6);
    } finally {
      watching.forEach(Disposable::dispose);
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          // closing what is left; nothing to report
        }
      }
    }
  }

  /** Whether every focus lists exactly {@code everyone}, each under the same focus. */
  private static boolean agree(List<FocusAgent> foci, Set<String> everyone) {
    Map<String, String> first = null;
    for (FocusAgent focus : foci) {
      Map<String, String> placement = new java.util.HashMap<>();
      ConferenceInfo state = focus.state();
      for (ConferenceInfo.Focus f : state.focusStates().foci()) {
        f.participants().forEach(p -> placement.put(p.entity(), f.entity()));
      }
      if (!placement.keySet().equals(everyone)) {
        return false;
      }
      if (first == null) {
        first = placement;
      } else if (!first.equals(placement)) {
        return false;
      }
    }
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
