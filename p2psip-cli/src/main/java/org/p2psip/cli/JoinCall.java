package org.p2psip.cli;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.conference.FocusAddress;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call part of {@code p2psip conference join} (DisCo 4.4): INVITE the chosen focus with this
 * participant's coordinate, show the roster its subscription brings, stay until the duration ends,
 * the process is interrupted or the focus hangs up, then BYE.
 */
final class JoinCall {

  /**
   * Where this participant's SIP agent listens, who it is, how long it stays, and its TLS (its
   * overlay certificate) when it has one.
   */
  record Options(
      String as,
      String sipHost,
      int sipPort,
      @Nullable SipTls tls,
      Duration duration,
      boolean json) {}

  private final CommandSpec spec;
  private final Options options;
  private final SipLocations locations;
  private final @Nullable X509Certificate overlayCa;
  private final JsonMapper mapper = JsonMapper.builder().build();

  JoinCall(
      CommandSpec spec,
      Options options,
      SipLocations locations,
      @Nullable X509Certificate overlayCa) {
    this.spec = spec;
    this.options = options;
    this.locations = locations;
    this.overlayCa = overlayCa;
  }

  int call(ConferenceJoin.Joined joined, Coordinate own) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (!(joined.chosen().focus().registration() instanceof DisCoRegistration.FocusUri uri)) {
      spec.commandLine()
          .getErr()
          .println(
              "cannot call the chosen focus: it is registered by Node-ID, which needs RELOAD's"
                  + " AppAttach (not supported by this client)");
      return ExitCodes.REFUSED;
    }
    // DisCo 4.4: a focus registered by URI is reached through its SIP-REGISTRATION when it has one
    String target =
        FocusAddress.contact(locations, uri.uri(), overlayCa, options.tls() != null)
            .block(Duration.ofSeconds(15));
    SipEndpoint sip =
        SipEndpoint.start(
            SipEndpoint.Settings.of("participant", options.sipHost(), options.sipPort())
                .withTls(options.tls()));
    ParticipantCall call;
    try {
      call =
          ParticipantCall.join(
                  sip,
                  new ParticipantCall.Settings(
                      "sip:" + joined.conference(), options.as(), options.sipHost(), own.encode()),
                  target)
              .block(Duration.ofSeconds(40));
    } catch (ParticipantCall.Refused e) {
      sip.close();
      spec.commandLine().getErr().println("the focus refused the call: " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (RuntimeException e) {
      sip.close();
      spec.commandLine()
          .getErr()
          .println("cannot call " + target + ": " + ConferenceCommand.rootMessage(e));
      return ExitCodes.UNREACHABLE;
    }
    var media = call.media();
    emit(
        out,
        "call",
        Map.of(
            "as", options.as(), "focus", target, "media", media == null ? "-" : media.toString()),
        String.format(
            "in a call with %s as %s (audio %s)",
            target,
            options.as(),
            media == null
                ? "-"
                : media.address() + ":" + media.port() + " " + media.payloadTypes()));
    CountDownLatch over = new CountDownLatch(1);
    var roster =
        call.roster()
            .doOnComplete(over::countDown)
            .subscribe(
                state -> {
                  Map<String, Object> row = new LinkedHashMap<>(RosterText.json(state));
                  StringBuilder text =
                      new StringBuilder(
                          String.format(
                              "%s roster v%d: %d participants",
                              LocalTime.now().withNano(0),
                              state.version(),
                              RosterText.participants(state)));
                  RosterText.lines(state).forEach(line -> text.append("\n  ").append(line));
                  emit(out, "roster", row, text.toString());
                });
    CountDownLatch reported = new CountDownLatch(1);
    Thread hangUpOnExit =
        new Thread(
            () -> {
              call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
              try {
                // interrupted: let the command say that it hung up before the JVM halts
                reported.await(3, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              sip.close();
            });
    Runtime.getRuntime().addShutdownHook(hangUpOnExit);
    if (options.duration().isZero()) {
      over.await();
    } else {
      over.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
    }
    boolean byFocus = call.endedByFocus();
    call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
    roster.dispose();
    emit(
        out,
        "hung-up",
        Map.of("by", byFocus ? "focus" : "participant"),
        byFocus ? "the focus ended the call" : "hung up (BYE)");
    reported.countDown();
    return ExitCodes.OK;
  }

  private void emit(PrintWriter out, String event, Map<String, Object> fields, String text) {
    synchronized (out) {
      if (options.json()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event", event);
        row.putAll(fields);
        out.println(mapper.writeValueAsString(row));
      } else {
        out.println(text);
      }
      out.flush();
    }
  }
}
