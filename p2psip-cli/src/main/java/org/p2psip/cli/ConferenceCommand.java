package org.p2psip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.ConferenceCreation;
import org.p2psip.client.conference.ConferenceException;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.conference.Focus;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.coords.LandmarkSet;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.profile.ConferenceCredentials;
import org.p2psip.client.profile.KeyFiles;
import org.p2psip.client.registry.ChangeStream;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.RegistryRefusal;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Distributed conferences (DisCo): create one, show its foci. */
@Command(
    name = "conference",
    mixinStandardHelpOptions = true,
    description = "Create a DisCo conference or show its foci.",
    subcommands = {
      ConferenceCommand.Create.class,
      ConferenceCommand.Show.class,
      ConferenceCommand.Join.class,
      ConferenceCommand.Advertise.class,
      ConferenceCommand.Leave.class,
      DelegationCommands.Issue.class,
      DelegationCommands.Revoke.class,
      ConferenceCommand.Watch.class,
      ConferenceStatusCommand.class
    })
final class ConferenceCommand {

  /** Where the registry is. */
  static final class RegistryOption {
    @Option(
        names = "--registry",
        defaultValue = "${env:P2PSIP_REGISTRY:-http://127.0.0.1:8083}",
        description = "Base URL of the DisCo registry (default: ${DEFAULT-VALUE}).")
    URI registry;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a conference (DisCo 4.3): check that the URI is free at the registry, obtain the"
            + " conference certificate for a new key, store this focus's signed registration with"
            + " its coordinate. The conference key and certificate are saved (key readable by the"
            + " owner only).",
        "Exit codes: 0 created; 4 refused (URI taken, bad credentials, registry refusal); 5 a"
            + " service unreachable."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;

    @Option(
        names = "--uri",
        required = true,
        description = "conference URI, e.g. sip:team@example.org")
    String uri;

    @Option(names = "--user", required = true, description = "your overlay account")
    String user;

    @Option(names = "--password", required = true, description = "its password")
    String password;

    @Option(names = "--focus", required = true, description = "SIP URI where this focus answers")
    String focus;

    @Mixin Position position;

    @Option(
        names = "--lifetime",
        defaultValue = "3600",
        description = "seconds (default: ${DEFAULT-VALUE})")
    long lifetime;

    @Option(
        names = "--enroll",
        defaultValue = "${env:P2PSIP_ENROLL:-https://127.0.0.1:8081}",
        description = "Base URL of the enrollment service (default: ${DEFAULT-VALUE}).")
    URI enroll;

    @Option(
        names = "--cacert",
        description = "PEM certificate(s) trusted for the enrollment service's HTTPS")
    @Nullable Path cacert;

    @Option(
        names = "--dir",
        defaultValue = "${sys:user.home}/.p2psip/conferences",
        description =
            "where conference keys and certificates are saved (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Progress progress = Progress.of(spec);
      Coordinate own = position.resolve(progress);
      if (position.measuredAgainst != null) {
        out.printf(
            "  own coordinate measured against landmark set version %d%n",
            position.measuredAgainst);
      }
      progress.step(
          "asking the registry whether the URI is free, getting the conference certificate,"
              + " storing the signed registration");
      ConferenceCreation.Created created;
      try {
        created =
            new ConferenceCreation(
                    HttpClients.trusting(cacert),
                    enroll,
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry))
                .create(uri, user, password, focus, own, lifetime)
                .block(Duration.ofSeconds(60));
      } catch (ConferenceException | RegistryRefusal e) {
        err.println("conference not created: " + e.getMessage());
        return ExitCodes.REFUSED;
      } catch (RuntimeException e) {
        err.println("conference not created: " + rootMessage(e));
        return ExitCodes.UNREACHABLE;
      }
      Path saved = save(created);
      out.printf("Conference sip:%s (Resource-ID %s)%n", created.uri(), created.resourceId().hex());
      out.printf(
          "  conference certificate: Node-ID %s, serial %s, valid until %s%n",
          created.focusKey().hex(),
          created.certificate().getSerialNumber().toString(16),
          created.certificate().getNotAfter().toInstant());
      out.printf("  key and certificate saved in %s%n", saved);
      out.printf(
          "  focus %s at %s stored (generation %d, lifetime %d s)%n",
          focus, format(own.toArray()), created.generation(), lifetime);
      return 0;
    }

    private Path save(ConferenceCreation.Created created) throws IOException {
      return new ConferenceCredentials(created.keys().getPrivate(), created.certificate())
          .save(dir.resolve(created.uri()));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Fetch a conference's foci from the registry and check each entry yourself (signature,"
              + " user name, and with --overlay-ca the issuing CA).")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(
        names = "--overlay-ca",
        description = "the overlay CA certificate (PEM) the foci's certificates must chain to")
    @Nullable Path overlayCa;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String conference = ResourceIds.withoutSipScheme(uri);
      X509Certificate ca = readCa(overlayCa);
      RegistryClient.Fetched fetched;
      try {
        fetched =
            new RegistryClient(HttpClient.newHttpClient(), registry.registry)
                .fetch(conference, "disco")
                .block(Duration.ofSeconds(15));
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("cannot fetch the conference: " + rootMessage(e));
        return ExitCodes.UNREACHABLE;
      }
      List<Focus> foci = new ArrayList<>();
      for (var entry : fetched.entries()) {
        if (Boolean.TRUE.equals(entry.exists())) {
          foci.add(Focus.of(conference, entry, ca));
        }
      }
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Focus focus : foci) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("key", focus.key());
          row.put("contact", contact(focus.registration()));
          row.put(
              "coordinate",
              focus.registration() == null || focus.registration().coordinate() == null
                  ? null
                  : focus.registration().coordinate().toArray());
          row.put("lifetime", focus.lifetime());
          row.put("trusted", focus.trusted());
          row.put("problem", focus.problem());
          rows.add(row);
        }
        out.println(
            JsonMapper.builder()
                .build()
                .writeValueAsString(
                    Map.of(
                        "conference",
                        conference,
                        "generation",
                        fetched.generation(),
                        "foci",
                        rows)));
        return 0;
      }
      out.printf(
          "Conference sip:%s: %d foci (generation %d)%n",
          conference, foci.size(), fetched.generation());
      out.printf(
          "  %-34s %-30s %-22s %8s  %s%n",
          "FOCUS (Node-ID)", "CONTACT", "COORDINATE", "LIFETIME", "CHECK");
      for (Focus focus : foci) {
        out.printf(
            "  %-34s %-30s %-22s %7ds  %s%n",
            focus.key(),
            contact(focus.registration()),
            focus.registration() == null || focus.registration().coordinate() == null
                ? "-"
                : format(focus.registration().coordinate().toArray()),
            focus.lifetime(),
            focus.trusted()
                ? "signature ok" + (ca == null ? "" : ", overlay CA ok")
                : "REJECTED: " + focus.problem());
      }
      return 0;
    }
  }

  /** The own coordinate: given, or measured against the landmarks. */
  static final class Position {
    @Option(names = "--coordinate", split = ",", description = "own coordinate, e.g. 3.1,-2.5")
    double @Nullable [] coordinate;

    @Option(
        names = "--landmarks",
        description = "measure the coordinate against these landmarks (URL)")
    @Nullable URI landmarks;

    /** The landmark set version a measured coordinate was computed against, else null. */
    @Nullable Long measuredAgainst;

    Coordinate resolve(Progress progress) {
      if (coordinate != null) {
        return Coordinate.of(coordinate);
      }
      if (landmarks == null) {
        throw new IllegalArgumentException("give --coordinate or --landmarks");
      }
      progress.step("fetching the published landmarks from " + landmarks);
      LandmarkSet set =
          new LandmarkDirectoryClient(HttpClient.newHttpClient(), landmarks)
              .fetch()
              .block(Duration.ofSeconds(15));
      progress.step("probing " + set.landmarks().size() + " landmarks, 5 probes each");
      measuredAgainst = set.version();
      return CoordinateMeasurement.measure(
              set, new RttProber(5, Duration.ofSeconds(1), Duration.ofMillis(10)))
          .block()
          .coordinate();
    }
  }

  /** The conference's shared key and certificate, as {@code conference create} saved them. */
  static final class ConferenceIdentity {
    @Option(
        names = "--conference-dir",
        required = true,
        description = "directory with the conference's key.pem and cert.pem")
    Path dir;

    PrivateKey key() throws IOException {
      return ConferenceCredentials.key(dir);
    }

    X509Certificate certificate() throws IOException {
      return ConferenceCredentials.certificate(dir);
    }
  }

  static @Nullable X509Certificate readCa(@Nullable Path file) throws IOException {
    return file == null ? null : KeyFiles.readCertificate(file);
  }

  /**
   * SIP over TLS with {@code certificate} on {@code port} (0: any free one), or null when there is
   * no overlay CA to check the other end against (TLS is only used where both ends hold overlay
   * certificates) or the port is negative (TLS turned off).
   */
  static @Nullable SipTls sipTls(
      PrivateKey key, X509Certificate certificate, @Nullable X509Certificate ca, int port) {
    return ca == null || port < 0 ? null : SipTls.of(key, List.of(certificate), ca, port);
  }

  @Command(
      name = "join",
      mixinStandardHelpOptions = true,
      description =
          "Join a conference (DisCo 4.4): fetch and check its foci, rank them by coordinate, probe"
              + " the best three (foci with a ;probe= port), choose the closest and call it over"
              + " SIP with this participant's coordinate; show the roster until --duration ends,"
              + " the focus hangs up or the command is interrupted, then hang up (BYE).")
  static final class Join implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;
    @Mixin Position position;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(names = "--overlay-ca", description = "overlay CA (PEM) the foci must chain to")
    @Nullable Path overlayCa;

    @Option(names = "--shortlist", defaultValue = "3")
    int shortlist;

    @Option(names = "--json")
    boolean json;

    @Option(
        names = "--choose-only",
        description = "only rank the foci and choose one; place no call")
    boolean chooseOnly;

    @Option(
        names = "--as",
        description = "this participant's SIP address (default: sip:participant-<pid>@<domain>)")
    @Nullable String as;

    @Option(names = "--sip-host", defaultValue = "127.0.0.1", description = "address to call from")
    String sipHost;

    @Option(names = "--sip-port", defaultValue = "0", description = "SIP port (0: any free one)")
    int sipPort;

    @Option(
        names = "--accept-focus-rights",
        description =
            "keep the conference's certificate and key in this directory if the focus passes them"
                + " (DisCo 4.4's SIP INFO; only over TLS)")
    @Nullable Path acceptFocusRights;

    @Option(
        names = "--tone",
        description =
            "send a sine of this many Hz on the call (default: silence); at the end of each call"
                + " the tones heard in its last second are reported")
    @Nullable Double tone;

    @Option(
        names = "--duration",
        defaultValue = "0s",
        converter = DurationConverter.class,
        description = "hang up after this long (0s: when interrupted or the focus hangs up)")
    Duration duration;

    @Mixin HomeOption home;

    @Option(
        names = "--profile",
        description =
            "call over TLS with this enrolled user's overlay certificate when the focus offers"
                + " TLS (needs --overlay-ca; without it the call goes over UDP)")
    @Nullable String profile;

    private @Nullable SipTls tls() throws IOException {
      if (profile == null) {
        return null;
      }
      var enrolled = home.profiles().load(profile);
      return sipTls(enrolled.key(), enrolled.certificate(), readCa(overlayCa), 0);
    }

    @Override
    public Integer call() throws Exception {
      int chosen = choose();
      if (chosen != 0 || chooseOnly) {
        return chosen;
      }
      String domain = joined.conference().substring(joined.conference().indexOf('@') + 1);
      return new JoinCall(
              spec,
              new JoinCall.Options(
                  as != null
                      ? as
                      : "sip:participant-" + ProcessHandle.current().pid() + "@" + domain,
                  sipHost,
                  sipPort,
                  tls(),
                  duration,
                  json,
                  tone,
                  acceptFocusRights),
              new SipLocations(new RegistryClient(HttpClient.newHttpClient(), registry.registry)),
              readCa(overlayCa))
          .call(
              joined,
              own,
              avoid ->
                  new ConferenceJoin(
                          new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                          new RttProber(3, Duration.ofMillis(500), Duration.ofMillis(5)),
                          shortlist)
                      .join(uri, own, readCaQuietly(), avoid));
    }

    private @Nullable X509Certificate readCaQuietly() {
      try {
        return readCa(overlayCa);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private ConferenceJoin.Joined joined;
    private Coordinate own;

    private int choose() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      long started = System.nanoTime();
      Progress progress = Progress.of(spec);
      own = position.resolve(progress);
      progress.step("fetching and checking the foci of " + uri + ", probing the best " + shortlist);
      try {
        joined =
            new ConferenceJoin(
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                    new RttProber(3, Duration.ofMillis(500), Duration.ofMillis(5)),
                    shortlist)
                .join(uri, own, readCa(overlayCa))
                .block(Duration.ofSeconds(60));
      } catch (ConferenceException e) {
        spec.commandLine().getErr().println("cannot join: " + e.getMessage());
        return ExitCodes.REFUSED;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("cannot join: " + rootMessage(e));
        return ExitCodes.UNREACHABLE;
      }
      double tookMs = (System.nanoTime() - started) / 1e6;
      if (json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("conference", joined.conference());
        result.put("coordinate", own.toArray());
        result.put("focus", joined.chosen().focus().key());
        result.put("contact", contact(joined.chosen().focus().registration()));
        result.put("predictedRttMillis", finite(joined.chosen().predictedRttMillis()));
        result.put("probedRttMillis", finite(joined.chosen().probedRttMillis()));
        result.put("candidates", joined.ranked().size());
        result.put("rejected", joined.rejected());
        result.put("tookMillis", tookMs);
        out.println(JsonMapper.builder().build().writeValueAsString(result));
        return 0;
      }
      out.printf(
          "Joining sip:%s from %s: %d foci (%d rejected)%n",
          joined.conference(), format(own.toArray()), joined.ranked().size(), joined.rejected());
      out.printf(
          "  %-34s %-34s %12s %10s%n", "FOCUS (Node-ID)", "CONTACT", "PREDICTED ms", "PROBED ms");
      for (var candidate : joined.ranked()) {
        out.printf(
            "  %-34s %-34s %12s %10s%s%n",
            candidate.focus().key(),
            contact(candidate.focus().registration()),
            Double.isInfinite(candidate.predictedRttMillis())
                ? "-"
                : String.format("%.2f", candidate.predictedRttMillis()),
            Double.isNaN(candidate.probedRttMillis())
                ? "-"
                : String.format("%.2f", candidate.probedRttMillis()),
            candidate == joined.chosen() ? "  <- chosen" : "");
      }
      out.printf("  joined in %.0f ms%n", tookMs);
      return 0;
    }
  }

  static @Nullable Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  @Command(
      name = "advertise",
      mixinStandardHelpOptions = true,
      description =
          "Become a further focus: store this focus's registration, keyed by your Node-ID, signed"
              + " with the conference's shared key.")
  static final class Advertise implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;
    @Mixin Position position;
    @Mixin ConferenceIdentity identity;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(
        names = "--focus",
        required = true,
        description = "SIP URI of this focus (;probe=port to be probed)")
    String focus;

    @Option(
        names = "--key-id",
        description = "entry key (default: the conference certificate's Node-ID)")
    @Nullable String keyId;

    @Option(names = "--lifetime", defaultValue = "3600")
    long lifetime;

    @Override
    public Integer call() throws Exception {
      Coordinate own = position.resolve(Progress.of(spec));
      Id128 key = entryKey(keyId, identity.certificate());
      try {
        long generation =
            new FocusRole(
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                    uri,
                    identity.key(),
                    identity.certificate(),
                    key)
                .advertise(focus, own, lifetime)
                .block(Duration.ofSeconds(30));
        spec.commandLine()
            .getOut()
            .printf(
                "Focus %s (key %s) at %s advertised for sip:%s: generation %d%n",
                focus,
                key.hex(),
                format(own.toArray()),
                ResourceIds.withoutSipScheme(uri),
                generation);
        return 0;
      } catch (RegistryRefusal e) {
        spec.commandLine().getErr().println("not advertised: " + e.getMessage());
        return ExitCodes.REFUSED;
      }
    }
  }

  static Id128 entryKey(@Nullable String keyId, X509Certificate conference) {
    return keyId != null
        ? Id128.fromHex(keyId.toLowerCase(Locale.ROOT))
        : CertificateIdentity.of(conference).nodeIds().get(0);
  }

  @Command(
      name = "leave",
      mixinStandardHelpOptions = true,
      description =
          "Stop being a focus: store a signed delete of this focus's entry and say, for each"
              + " participant (--participant name=x,y), which remaining focus is closest to it.")
  static final class Leave implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;
    @Mixin ConferenceIdentity identity;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(
        names = "--key-id",
        description = "entry key (default: the conference certificate's Node-ID)")
    @Nullable String keyId;

    @Option(names = "--participant", description = "name=x,y of a participant of this focus")
    List<String> participants = new ArrayList<>();

    @Option(names = "--overlay-ca")
    @Nullable Path overlayCa;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Coordinate> who = new LinkedHashMap<>();
      for (String participant : participants) {
        int equals = participant.indexOf('=');
        if (equals < 1) {
          spec.commandLine().getErr().println("--participant is name=x,y: " + participant);
          return ExitCodes.BAD_INPUT;
        }
        String[] parts = participant.substring(equals + 1).split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          values[i] = Double.parseDouble(parts[i].trim());
        }
        who.put(participant.substring(0, equals), Coordinate.of(values));
      }
      Id128 key = entryKey(keyId, identity.certificate());
      List<FocusRole.Handover> handovers;
      try {
        handovers =
            new FocusRole(
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                    uri,
                    identity.key(),
                    identity.certificate(),
                    key)
                .leave(who, readCa(overlayCa), 3600)
                .block(Duration.ofSeconds(30));
      } catch (RegistryRefusal e) {
        spec.commandLine().getErr().println("not left: " + e.getMessage());
        return ExitCodes.REFUSED;
      }
      out.printf(
          "Focus %s left sip:%s (tombstone stored)%n",
          key.hex(), ResourceIds.withoutSipScheme(uri));
      for (var handover : handovers) {
        out.printf(
            "  %-12s -> %s%n",
            handover.participant(),
            handover.moveTo() == null
                ? "no focus left"
                : contact(handover.moveTo().registration())
                    + String.format(" (predicted %.2f ms)", handover.predictedRttMillis()));
      }
      return 0;
    }
  }

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description =
          "Follow a conference's foci as they are added and removed (server-sent events).")
  static final class Watch implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOption registry;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(
        names = "--count",
        defaultValue = "0",
        description = "stop after this many changes (0: never)")
    int count;

    @Option(names = "--json", description = "one JSON object per event: event, key, generation")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String conference = ResourceIds.withoutSipScheme(uri);
      JsonMapper mapper = JsonMapper.builder().build();
      int changes = 0;
      try (Stream<ChangeStream.Change> events =
          new ChangeStream(HttpClient.newHttpClient(), registry.registry)
              .watch(conference, "disco")
              .toStream(1)) {
        for (ChangeStream.Change change : (Iterable<ChangeStream.Change>) events::iterator) {
          if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", change.event());
            row.put("key", change.key());
            row.put("generation", change.generation());
            row.put("at", Instant.now().toString());
            out.println(mapper.writeValueAsString(row));
          } else {
            out.printf(
                "%s %-8s %s%n",
                LocalTime.now().withNano(0),
                change.event(),
                change.key() == null ? "(generation " + change.generation() + ")" : change.key());
          }
          out.flush();
          if (change.isChange()) {
            changes++;
            if (count > 0 && changes >= count) {
              return ExitCodes.OK;
            }
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  static String contact(DisCoRegistration registration) {
    if (registration instanceof DisCoRegistration.FocusUri uri) {
      return uri.uri();
    }
    if (registration instanceof DisCoRegistration.FocusNodeIds nodes) {
      return "node " + nodes.destinations().get(0).nodeId().hex();
    }
    return "-";
  }

  static String format(double[] values) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(String.format("%.1f", values[i]));
    }
    return text.append(')').toString();
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
