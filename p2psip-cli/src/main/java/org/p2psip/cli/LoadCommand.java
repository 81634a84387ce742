package org.p2psip.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.profile.Profiles;
import org.p2psip.load.AudioLoad;
import org.p2psip.load.ConferenceLoad;
import org.p2psip.load.EndToEndLoad;
import org.p2psip.load.EnrollmentLoad;
import org.p2psip.load.LoadGenerator;
import org.p2psip.load.LoadReport;
import org.p2psip.load.ProbeLoad;
import org.p2psip.load.RecordLoad;
import org.p2psip.load.RegistryLoad;
import org.p2psip.load.SessionLoad;
import org.p2psip.load.UdpEcho;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.netty.Connection;

/** Load generator over real sockets (docs/benchmarks.md shows how the figures were made). */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Put load on a host peer over real sockets and report rate and latency.",
    subcommands = {
      LoadCommand.Conference.class,
      LoadCommand.Audio.class,
      LoadCommand.Gets.class,
      LoadCommand.KeepAlives.class,
      LoadCommand.Enrollments.class,
      LoadCommand.Probes.class,
      LoadCommand.Registry.class,
      LoadCommand.EndToEnd.class,
      LoadCommand.Sessions.class,
      LoadCommand.Records.class,
      LoadCommand.Echo.class
    })
final class LoadCommand {

  /** Options every load run shares. */
  static final class Target {
    @Mixin PeerAddress.PeerOption address;

    @Option(names = "--json", description = "one JSON object instead of a line of text")
    boolean json;
  }

  static int run(CommandSpec spec, Target target, Supplier<LoadReport> load) {
    try {
      return report(spec, target, load.get());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("load run failed: " + e.getMessage());
      return ExitCodes.LOAD_ERRORS;
    }
  }

  /** Warm-up, measured time and output format, as most load runs take them. */
  static final class Measure {
    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class)
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--json", description = "one JSON object instead of a line of text")
    boolean json;
  }

  /** Prints a report; exit code 3 when any request failed. */
  static int print(CommandSpec spec, boolean json, LoadReport report) {
    spec.commandLine().getOut().println(json ? report.json() : report.table());
    return report.errors() == 0 ? ExitCodes.OK : ExitCodes.LOAD_ERRORS;
  }

  static int report(CommandSpec spec, Target target, LoadReport report) {
    return print(spec, target.json, report);
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Closed-loop Gets of one stored object.")
  static final class Gets implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Option(names = "--connections", defaultValue = "64", description = "default ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--value-bytes", defaultValue = "200", description = "default ${DEFAULT-VALUE}")
    int valueBytes;

    @Option(
        names = "--warmup",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "default ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(
        names = "--duration",
        defaultValue = "20s",
        converter = DurationConverter.class,
        description = "measured time, default ${DEFAULT-VALUE}")
    Duration duration;

    @Override
    public Integer call() {
      return run(
          spec,
          target,
          () ->
              new LoadGenerator(target.address.peer.host(), target.address.peer.port())
                  .gets(connections, valueBytes, warmup, duration)
                  .block());
    }
  }

  @Command(
      name = "keepalive",
      mixinStandardHelpOptions = true,
      description = "Many idle joined clients sending Keep-alives.")
  static final class KeepAlives implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Option(names = "--clients", defaultValue = "10000", description = "default ${DEFAULT-VALUE}")
    int clients;

    @Option(
        names = "--interval",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description = "default ${DEFAULT-VALUE}")
    Duration interval;

    @Option(
        names = "--duration",
        defaultValue = "90s",
        converter = DurationConverter.class,
        description = "default ${DEFAULT-VALUE}")
    Duration duration;

    @Option(
        names = "--source-addresses",
        split = ",",
        description =
            "local addresses to connect from, in turn (e.g. 127.0.0.2,127.0.0.3): more"
                + " connections than one address's ephemeral ports allow")
    List<InetAddress> sources = List.of();

    @Override
    public Integer call() {
      return run(
          spec,
          target,
          () ->
              new LoadGenerator(target.address.peer.host(), target.address.peer.port(), sources)
                  .keepAlives(clients, interval, duration)
                  .block());
    }
  }

  @Command(
      name = "enroll",
      mixinStandardHelpOptions = true,
      description =
          "Enrollments over HTTPS, one account per concurrent client, CSRs made beforehand.")
  static final class Enrollments implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--url",
        defaultValue = "https://127.0.0.1:8081/enroll",
        description = "default ${DEFAULT-VALUE}")
    URI url;

    @Option(
        names = "--cacert",
        required = true,
        description = "PEM certificate the server's TLS certificate is checked against")
    Path cacert;

    @Option(
        names = "--user",
        required = true,
        split = ",",
        description = "accounts, one per concurrent client (comma-separated)")
    List<String> users;

    @Option(names = "--password", required = true)
    String password;

    @Mixin Measure measure;

    @Override
    public Integer call() throws Exception {
      LoadReport report =
          EnrollmentLoad.run(url, cacert, users, password, measure.warmup, measure.duration);
      return print(spec, measure.json, report);
    }
  }

  @Command(
      name = "probe",
      mixinStandardHelpOptions = true,
      description =
          "Closed-loop RTT probes (docs/protocol.md 5) over UDP to a landmark, or with --echo to a"
              + " plain UDP echo as the baseline.")
  static final class Probes implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--target",
        required = true,
        converter = PeerAddress.Converter.class,
        description = "host:port of the landmark (or echo)")
    PeerAddress target;

    @Option(names = "--echo", description = "the target echoes datagrams back unchanged")
    boolean echo;

    @Option(
        names = "--flows",
        defaultValue = "1",
        description = "sockets, one probe outstanding each; default ${DEFAULT-VALUE}")
    int flows;

    @Mixin Measure measure;

    @Override
    public Integer call() {
      LoadReport report =
          ProbeLoad.run(
                  echo ? "udp-echo" : "probe",
                  new InetSocketAddress(target.host(), target.port()),
                  echo,
                  flows,
                  measure.warmup,
                  measure.duration)
              .block();
      return print(spec, measure.json, report);
    }
  }

  @Command(
      name = "udp-echo",
      mixinStandardHelpOptions = true,
      description = "A plain UDP echo (the probe benchmark's baseline); runs until stopped.")
  static final class Echo implements Callable<Integer> {
    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
      Connection server = UdpEcho.bind(bind, port);
      server.onDispose().block();
      return 0;
    }
  }

  @Command(
      name = "registry",
      mixinStandardHelpOptions = true,
      description =
          "HTTP load on the DisCo registry: --populate N entries first, then closed-loop Fetches"
              + " of the dictionary (--mode fetch) or signed Stores (--mode store).")
  static final class Registry implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8083")
    String url;

    @Option(names = "--conference", required = true, description = "the URI the certificate names")
    String conference;

    @Option(names = "--key", required = true, description = "PEM private key of the certificate")
    Path key;

    @Option(names = "--cert", required = true, description = "PEM conference certificate")
    Path cert;

    @Option(names = "--mode", defaultValue = "fetch", description = "fetch or store")
    String mode;

    @Option(names = "--populate", defaultValue = "0")
    int populate;

    @Option(names = "--connections", defaultValue = "32")
    int connections;

    @Mixin Measure measure;

    @Override
    public Integer call() throws Exception {
      var load = new RegistryLoad(url, connections, conference, key, cert);
      if (populate > 0) {
        load.populate(populate).block();
      }
      LoadReport report =
          ("store".equals(mode)
                  ? load.stores(connections, measure.warmup, measure.duration)
                  : load.fetches(connections, measure.warmup, measure.duration))
              .block();
      return print(spec, measure.json, report);
    }
  }

  @Command(
      name = "conference",
      mixinStandardHelpOptions = true,
      description =
          "Foci of one conference on this machine, fully meshed over SIP, and participants joining"
              + " them in turn: how long until every focus lists each join, and until all agree"
              + " after the last.")
  static final class Conference implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--foci", defaultValue = "5")
    int foci;

    @Option(names = "--joins", defaultValue = "100")
    int joins;

    @Option(
        names = "--over",
        defaultValue = "10s",
        converter = DurationConverter.class,
        description = "the joins are spread evenly over this")
    Duration over;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
      // a focus logs each call at info: not wanted among a benchmark's figures
      System.setProperty("org.slf4j.simpleLogger.log.org.p2psip.disco.focus", "warn");
      System.setProperty("org.slf4j.simpleLogger.log.org.p2psip.disco.participant", "warn");
      ConferenceLoad.Result result = ConferenceLoad.run(foci, joins, over, host);
      spec.commandLine().getOut().println(json ? result.json() : result.table());
      return result.answered() == joins && !Double.isNaN(result.lastJoinToConvergedMillis())
          ? ExitCodes.OK
          : ExitCodes.LOAD_ERRORS;
    }
  }

  @Command(
      name = "audio",
      mixinStandardHelpOptions = true,
      description =
          "Calls one focus (`focus serve-local`) N times over SIP and sends G.711 from every call"
              + " every 20 ms: the focus's CPU (with --focus-pid) and the mixer's added delay (a"
              + " burst from one call until another hears it in its mix).")
  static final class Audio implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--focus",
        defaultValue = "sip:conf@127.0.0.1:5060",
        description = "the focus's SIP URI (default: ${DEFAULT-VALUE})")
    String focus;

    @Option(names = "--participants", defaultValue = "10")
    int participants;

    @Option(
        names = "--seconds",
        defaultValue = "20s",
        converter = DurationConverter.class,
        description = "how long to measure, after a second of warm-up")
    Duration seconds;

    @Option(names = "--focus-pid", description = "the focus's process id, to read its CPU time")
    @Nullable Long focusPid;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
      System.setProperty("org.slf4j.simpleLogger.log.org.p2psip.disco.participant", "warn");
      AudioLoad.Result result = AudioLoad.run(focus, participants, seconds, host, focusPid);
      spec.commandLine().getOut().println(json ? result.json() : result.table());
      return result.answered() == participants && result.bursts() > 0
          ? ExitCodes.OK
          : ExitCodes.LOAD_ERRORS;
    }
  }

  @Command(
      name = "e2e",
      mixinStandardHelpOptions = true,
      description =
          "New clients at once, each from enrolment to a joined conference (enrol, measure the"
              + " coordinate, join); the time per client.")
  static final class EndToEnd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--enroll", defaultValue = "https://127.0.0.1:8081")
    URI enroll;

    @Option(names = "--registry", defaultValue = "http://127.0.0.1:8083")
    URI registry;

    @Option(names = "--landmarks", defaultValue = "http://127.0.0.1:8084")
    URI landmarks;

    @Option(names = "--cacert", description = "PEM trusted for HTTPS")
    @Nullable Path cacert;

    @Option(names = "--operator-token", defaultValue = "dev-operator-token")
    String operatorToken;

    @Option(names = "--conference", required = true)
    String conference;

    @Option(names = "--clients", defaultValue = "100")
    int clients;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
      LoadReport report =
          new EndToEndLoad(HttpClients.trusting(cacert), enroll, registry, landmarks, operatorToken)
              .run(conference, clients)
              .block();
      return print(spec, json, report);
    }
  }

  @Command(
      name = "session",
      mixinStandardHelpOptions = true,
      description =
          "Records through the SDK's overlay sessions: each session joins the best of --peers and"
              + " loops Put then Get of its own record.")
  static final class Sessions implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--peers",
        split = ",",
        required = true,
        converter = PeerAddress.Converter.class)
    List<PeerAddress> peers;

    @Option(names = "--sessions", defaultValue = "32")
    int sessions;

    @Mixin ChapOptions chap;

    @Mixin Measure measure;

    @Override
    public Integer call() throws IOException {
      LoadReport report =
          SessionLoad.run(
                  peers.stream().map(p -> new InetSocketAddress(p.host(), p.port())).toList(),
                  sessions,
                  chap.credentials(Profiles.defaultHome(), null),
                  measure.warmup,
                  measure.duration)
              .block();
      return print(spec, measure.json, report);
    }
  }

  @Command(
      name = "records",
      mixinStandardHelpOptions = true,
      description =
          "Closed-loop Puts of new Resource-IDs (--mode put), Gets of --keys objects put first"
              + " (--mode get), or only those --keys Puts, timed whole (--mode fill); connections"
              + " spread round robin over --peers (a ring of host peers, or one).")
  static final class Records implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--peers",
        split = ",",
        required = true,
        converter = PeerAddress.Converter.class,
        description = "client ports of the host peers, host:port,...")
    List<PeerAddress> peers;

    @Option(names = "--mode", defaultValue = "put", description = "put, get or fill")
    String mode;

    @Option(names = "--connections", defaultValue = "64", description = "default ${DEFAULT-VALUE}")
    int connections;

    @Option(
        names = "--keys",
        defaultValue = "100000",
        description = "get, fill: objects put first; default ${DEFAULT-VALUE}")
    int keys;

    @Option(names = "--value-bytes", defaultValue = "200", description = "default ${DEFAULT-VALUE}")
    int valueBytes;

    @Mixin Measure measure;

    @Override
    public Integer call() {
      if (!List.of("put", "get", "fill").contains(mode)) {
        spec.commandLine().getErr().println("--mode is put, get or fill, not " + mode);
        return ExitCodes.BAD_INPUT;
      }
      RecordLoad load =
          new RecordLoad(
              peers.stream().map(p -> new InetSocketAddress(p.host(), p.port())).toList(),
              valueBytes);
      LoadReport report =
          (switch (mode) {
                case "put" -> load.puts(connections, measure.warmup, measure.duration);
                case "get" -> load.gets(connections, keys, measure.warmup, measure.duration);
                default -> load.fill(connections, keys);
              })
              .block();
      return print(spec, measure.json, report);
    }
  }
}
