package org.p2psip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.conference.FocusAddress;
import org.p2psip.client.profile.ConferenceCredentials;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.participant.ParticipantAudio;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import picocli.CommandLine.Model.CommandSpec;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call part of {@code p2psip conference join} (DisCo 4.4): INVITE the chosen focus with this
 * participant's coordinate, show the roster its subscription brings, stay until the duration ends,
 * the process is interrupted or the focus hangs up, then BYE. A focus that stops answering (DisCo
 * 4.6's unexpected leave, {@link ParticipantCall#focusLost}) is left and the conference joined
 * again through the closest remaining focus.
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
      boolean json,
      @Nullable Double tone,
      @Nullable Path acceptFocusRights) {}

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

  /** A new choice of focus that avoids the given foci (by entity): for a rejoin. */
  @FunctionalInterface
  interface Rechoose {
    Mono<ConferenceJoin.Joined> avoiding(Set<String> foci);
  }

  /** How a wait in a call ended. */
  private enum Outcome {
    FOCUS_LOST,
    CALL_OVER,
    TIME_UP
  }

  int call(ConferenceJoin.Joined joined, Coordinate own, Rechoose rechoose)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SipEndpoint sip =
        SipEndpoint.start(
            SipEndpoint.Settings.of("participant", options.sipHost(), options.sipPort())
                .withTls(options.tls()));
    AtomicReference<ParticipantCall> current = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch reported = new CountDownLatch(1);
    Thread hangUpOnExit =
        new Thread(
            () -> {
              stopping.set(true);
              ParticipantCall call = current.get();
              if (call != null) {
                call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
              }
              try {
                // interrupted: let the command say that it hung up before the JVM halts
                reported.await(3, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              sip.close();
            });
    Runtime.getRuntime().addShutdownHook(hangUpOnExit);
    long deadline =
        options.duration().isZero()
            ? Long.MAX_VALUE
            : System.nanoTime() + options.duration().toNanos();
    Set<String> avoid = new HashSet<>();
    ConferenceJoin.Joined choice = joined;
    long lostAt = 0;
    while (true) {
      Placed placed = place(out, sip, choice, own);
      ParticipantCall call = placed.call();
      if (call == null) {
        if (lostAt == 0) {
          reported.countDown();
          return placed.exit();
        }
        // rejoining: that focus could not take the call either; the next closest is tried
        avoid.add(entityOf(choice));
        choice = rechoose(rechoose, avoid, deadline);
        if (choice == null) {
          reported.countDown();
          return ExitCodes.UNREACHABLE;
        }
        continue;
      }
      current.set(call);
      if (stopping.get()) {
        // interrupted while the call was being set up: the exit hook saw no call to end
        call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
        reported.countDown();
        return ExitCodes.OK;
      }
      if (lostAt != 0) {
        emit(
            out,
            "rejoined",
            Map.of("focus", call.focus(), "millis", (System.nanoTime() - lostAt) / 1_000_000),
            String.format(
                "back in the conference through %s, %d ms after the focus was found gone",
                call.focus(), (System.nanoTime() - lostAt) / 1_000_000));
      }
      var roster = showRoster(out, call);
      var rights = call.focusRights().subscribe(offered -> focusRights(out, joined, offered));
      var moves =
          call.handovers()
              .subscribe(
                  focus ->
                      emit(
                          out,
                          "handed-over",
                          Map.of("focus", focus),
                          "the call was handed over to " + focus));
      Outcome outcome = await(call, deadline);
      roster.dispose();
      moves.dispose();
      rights.dispose();
      reportAudio(out, placed.audio());
      if (outcome != Outcome.FOCUS_LOST) {
        boolean byFocus = call.endedByFocus();
        call.hangUp().onErrorComplete().block(Duration.ofSeconds(10));
        emit(
            out,
            "hung-up",
            Map.of("by", byFocus ? "focus" : "participant"),
            byFocus ? "the focus ended the call" : "hung up (BYE)");
        reported.countDown();
        return ExitCodes.OK;
      }
      // DisCo 4.6: the focus stopped answering; join again through the closest remaining one
      lostAt = System.nanoTime();
      call.abandon();
      String gone = entityOf(choice);
      avoid.add(gone);
      // after a handover the focus that died is not the one chosen: it is avoided by address
      avoid.add(FocusAddress.hostPort(call.focus()));
      emit(
          out,
          "focus-lost",
          Map.of("focus", gone),
          "the focus " + gone + " stopped answering; joining again");
      choice = rechoose(rechoose, avoid, deadline);
      if (choice == null) {
        reported.countDown();
        return ExitCodes.UNREACHABLE;
      }
    }
  }

  /**
   * A new choice avoiding {@code avoid}; null (after saying why) when none is left or time is up.
   */
  private ConferenceJoin.@Nullable Joined rechoose(
      Rechoose rechoose, Set<String> avoid, long deadline) {
    if (System.nanoTime() >= deadline) {
      spec.commandLine().getErr().println("cannot join again: the duration is over");
      return null;
    }
    try {
      return rechoose.avoiding(Set.copyOf(avoid)).block(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("cannot join again: " + ConferenceCommand.rootMessage(e));
      return null;
    }
  }

  /** A call placed, or why not: the exit code to end with. */
  private record Placed(
      @Nullable ParticipantCall call, @Nullable ParticipantAudio audio, int exit) {}

  private static String entityOf(ConferenceJoin.Joined joined) {
    return joined.chosen().focus().registration() instanceof DisCoRegistration.FocusUri uri
        ? FocusAddress.entity(uri.uri())
        : joined.chosen().focus().key();
  }

  /** Waits until the focus is found gone, the call ends, or the deadline passes. */
  private static Outcome await(ParticipantCall call, long deadline) {
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    List<Mono<Outcome>> ends = new ArrayList<>();
    ends.add(call.focusLost().map(misses -> Outcome.FOCUS_LOST));
    ends.add(call.roster().then(Mono.just(Outcome.CALL_OVER)));
    if (deadline != Long.MAX_VALUE) {
      ends.add(Mono.delay(left).map(tick -> Outcome.TIME_UP));
    }
    return Mono.firstWithValue(ends).block();
  }

  /** Calls the chosen focus; no call (after saying why) when it cannot be called. */
  private Placed place(
      PrintWriter out, SipEndpoint sip, ConferenceJoin.Joined joined, Coordinate own) {
    if (!(joined.chosen().focus().registration() instanceof DisCoRegistration.FocusUri uri)) {
      spec.commandLine()
          .getErr()
          .println(
              "cannot call the chosen focus: it is registered by Node-ID, which needs RELOAD's"
                  + " AppAttach (not supported by this client)");
      return new Placed(null, null, ExitCodes.REFUSED);
    }
    // DisCo 4.4: a focus registered by URI is reached through its SIP-REGISTRATION when it has one
    String target =
        FocusAddress.contact(locations, uri.uri(), overlayCa, options.tls() != null)
            .block(Duration.ofSeconds(15));
    ParticipantCall call;
    DatagramChannel rtp;
    try {
      rtp = DatagramChannel.open().bind(new InetSocketAddress(options.sipHost(), 0));
    } catch (IOException e) {
      spec.commandLine().getErr().println("no RTP socket: " + e.getMessage());
      return new Placed(null, null, ExitCodes.FAILED);
    }
    try {
      call =
          ParticipantCall.join(
                  sip,
                  new ParticipantCall.Settings(
                      "sip:" + joined.conference(), options.as(), options.sipHost(), own.encode()),
                  target,
                  rtp)
              .block(Duration.ofSeconds(40));
    } catch (ParticipantCall.Refused e) {
      spec.commandLine().getErr().println("the focus refused the call: " + e.getMessage());
      return new Placed(null, null, ExitCodes.REFUSED);
    } catch (RuntimeException e) {
      spec.commandLine()
          .getErr()
          .println("cannot call " + target + ": " + ConferenceCommand.rootMessage(e));
      return new Placed(null, null, ExitCodes.UNREACHABLE);
    }
    // the call's audio: a tone (or silence) sent every 20 ms, what the focus mixes kept
    ParticipantAudio audio = ParticipantAudio.start(rtp, call::media, options.tone());
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
    return new Placed(call, audio, ExitCodes.OK);
  }

  /**
   * DisCo 4.4's writing permission from the focus: kept (checked: a certificate of this conference
   * with its key, the overlay CA's when known) in --accept-focus-rights's directory, else only
   * mentioned.
   */
  private void focusRights(PrintWriter out, ConferenceJoin.Joined joined, byte[] offered) {
    Path keep = options.acceptFocusRights();
    if (keep == null) {
      emit(
          out,
          "focus-rights",
          Map.of("kept", false),
          "the focus passed the conference's writing permission (DisCo 4.4); not kept"
              + " (--accept-focus-rights DIR keeps it)");
      return;
    }
    try {
      ConferenceCredentials credentials = ConferenceCredentials.fromPem(offered);
      String name = CertificateIdentity.of(credentials.certificate()).userName();
      if (!name.equals(joined.conference())) {
        throw new IOException("a certificate of " + name + ", not of this conference");
      }
      if (overlayCa != null) {
        credentials.certificate().verify(overlayCa.getPublicKey());
        credentials.certificate().checkValidity();
      }
      credentials.save(keep);
      emit(
          out,
          "focus-rights",
          Map.of("kept", true, "dir", keep.toString()),
          "the focus passed the conference's writing permission (DisCo 4.4): kept in "
              + keep
              + " (p2psip focus serve --conference-dir "
              + keep
              + ")");
    } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
      emit(
          out,
          "focus-rights",
          Map.of("kept", false, "refused", String.valueOf(e.getMessage())),
          "the focus passed writing permission that was not kept: " + e.getMessage());
    }
  }

  /** What this participant heard in the last second of a call: the tones the mix carried. */
  private void reportAudio(PrintWriter out, @Nullable ParticipantAudio audio) {
    if (audio == null) {
      return;
    }
    audio.close();
    List<ParticipantAudio.Tone> tones = audio.tones(500);
    List<Map<String, Object>> found = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (ParticipantAudio.Tone tone : tones.subList(0, Math.min(6, tones.size()))) {
      found.add(Map.of("hertz", tone.hertz(), "amplitude", Math.round(tone.amplitude())));
      text.append(text.length() == 0 ? "" : ", ").append(tone.hertz()).append(" Hz");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("packets", audio.packets());
    fields.put("rms", Math.round(audio.rms()));
    fields.put("tones", found);
    String own = "";
    if (options.tone() != null) {
      long ownAmplitude = Math.round(audio.amplitudeOf(options.tone()));
      fields.put("ownTone", Map.of("hertz", options.tone(), "amplitude", ownAmplitude));
      own = String.format("; its own %.0f Hz: amplitude %d", options.tone(), ownAmplitude);
    }
    emit(
        out,
        "audio",
        fields,
        String.format(
            "heard %d RTP packets; in the last second %s (RMS %d)%s",
            audio.packets(),
            text.length() == 0 ? "no tone" : "tones of " + text,
            Math.round(audio.rms()),
            own));
  }

  private Disposable showRoster(PrintWriter out, ParticipantCall call) {
    return call.roster()
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
