package org.p2psip.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.ConferenceFoci;
import org.p2psip.client.conference.FocusAddress;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.participant.StateSubscription;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.protocol.reload.DisCoRegistration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code p2psip conference status}: the conference state as each focus holds it, read over SIP (a
 * subscription to each focus the registry lists, ended once its full state arrived), and whether
 * they agree.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a conference's state as its foci hold it (participants per focus, versions), read"
            + " by subscribing to each focus over SIP, and whether the foci agree.")
final class ConferenceStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConferenceCommand.RegistryOption registry;

  @Option(names = "--uri", required = true)
  String uri;

  @Option(names = "--overlay-ca", description = "overlay CA (PEM) the foci must chain to")
  @Nullable Path overlayCa;

  @Option(names = "--sip-host", defaultValue = "127.0.0.1")
  String sipHost;

  @Option(names = "--json")
  boolean json;

  private record View(String focus, @Nullable ConferenceInfo state, @Nullable String problem) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConferenceFoci foci;
    try {
      foci =
          ConferenceFoci.fetch(
                  new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                  uri,
                  ConferenceCommand.readCa(overlayCa))
              .block(Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      spec.commandLine()
          .getErr()
          .println("cannot read the foci: " + ConferenceCommand.rootMessage(e));
      return ExitCodes.UNREACHABLE;
    }
    RegistryClient client = new RegistryClient(HttpClient.newHttpClient(), registry.registry);
    SipLocations locations = new SipLocations(client);
    X509Certificate ca = ConferenceCommand.readCa(overlayCa);
    List<String> targets =
        Flux.fromIterable(foci.trusted())
            .filter(focus -> focus.registration() instanceof DisCoRegistration.FocusUri)
            .concatMap(
                focus ->
                    FocusAddress.contact(
                        locations,
                        ((DisCoRegistration.FocusUri) focus.registration()).uri(),
                        ca,
                        false))
            .collectList()
            .block(Duration.ofSeconds(30));
    if (targets.isEmpty()) {
      spec.commandLine().getErr().println("sip:" + foci.conference() + " has no focus to ask");
      return ExitCodes.REFUSED;
    }
    List<View> views;
    try (SipEndpoint sip = SipEndpoint.start(SipEndpoint.Settings.of("status", sipHost, 0))) {
      List<StateSubscription> subscriptions = new ArrayList<>();
      for (String target : targets) {
        subscriptions.add(
            new StateSubscription(
                sip, "sip:" + foci.conference(), "sip:status@" + sipHost, target));
      }
      sip.onRequest(
          request -> {
            for (StateSubscription subscription : subscriptions) {
              if (subscription.owns(request.request())) {
                return subscription.notified(request);
              }
            }
            return request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          });
      views =
          Flux.range(0, targets.size())
              .flatMapSequential(
                  i -> {
                    StateSubscription subscription = subscriptions.get(i);
                    return subscription
                        .start()
                        .then(subscription.states().next())
                        .map(state -> new View(targets.get(i), state, null))
                        .timeout(Duration.ofSeconds(10))
                        .onErrorResume(
                            error ->
                                Mono.just(
                                    new View(
                                        targets.get(i),
                                        null,
                                        ConferenceCommand.rootMessage(error))))
                        .flatMap(view -> subscription.end().thenReturn(view));
                  })
              .collectList()
              .block(Duration.ofSeconds(30));
    }
    Map<String, List<String>> agreed = null;
    boolean agree = true;
    for (View view : views) {
      if (view.state() == null) {
        agree = false;
        continue;
      }
      Map<String, List<String>> roster = RosterText.byFocus(view.state());
      if (agreed == null) {
        agreed = roster;
      } else if (!agreed.equals(roster)) {
        agree = false;
      }
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (View view : views) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("focus", view.focus());
        if (view.state() != null) {
          row.putAll(RosterText.json(view.state()));
        } else {
          row.put("problem", view.problem());
        }
        rows.add(row);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("conference", "sip:" + foci.conference());
      result.put("agree", agree);
      result.put("views", rows);
      out.println(JsonMapper.builder().build().writeValueAsString(result));
      return agree ? ExitCodes.OK : ExitCodes.FAILED;
    }
    out.printf("Conference sip:%s: %d foci asked over SIP%n", foci.conference(), views.size());
    for (View view : views) {
      if (view.state() == null) {
        out.printf("  %s: no answer (%s)%n", view.focus(), view.problem());
        continue;
      }
      out.printf(
          "  as %s holds it (version %d of its notifications to this watcher, %d participants):%n",
          view.focus(), view.state().version(), RosterText.participants(view.state()));
      RosterText.lines(view.state()).forEach(line -> out.println("    " + line));
    }
    out.println(agree ? "  every focus holds the same roster" : "  the foci do not agree (yet)");
    return agree ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
