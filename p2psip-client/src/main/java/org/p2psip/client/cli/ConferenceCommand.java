package org.p2psip.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.p2psip.client.conference.ConferenceCreation;
import org.p2psip.client.conference.Focus;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.probe.RttProber;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Distributed conferences (DisCo): create one, show its foci. */
@Command(
    name = "conference",
    mixinStandardHelpOptions = true,
    description = "Create a DisCo conference or show its foci.",
    subcommands = {ConferenceCommand.Create.class, ConferenceCommand.Show.class})
final class ConferenceCommand {

  static final int EXIT_REFUSED = 4;
  static final int EXIT_UNREACHABLE = 5;

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
    @picocli.CommandLine.Mixin RegistryOption registry;

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

    @Option(names = "--coordinate", split = ",", description = "own coordinate, e.g. 3.1,-2.5")
    double[] coordinate;

    @Option(
        names = "--landmarks",
        description = "measure the coordinate against these landmarks (URL)")
    URI landmarks;

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
    Path cacert;

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
      Coordinate own;
      if (coordinate != null) {
        own = Coordinate.of(coordinate);
      } else if (landmarks != null) {
        var set =
            new LandmarkDirectoryClient(HttpClient.newHttpClient(), landmarks)
                .fetch()
                .block(Duration.ofSeconds(15));
        own =
            CoordinateMeasurement.measure(
                    set, new RttProber(5, Duration.ofSeconds(1), Duration.ofMillis(10)))
                .block()
                .coordinate();
        out.printf("  own coordinate measured against landmark set version %d%n", set.version());
      } else {
        err.println("give --coordinate or --landmarks");
        return P2psipCommand.EXIT_BAD_INPUT;
      }
      ConferenceCreation.Created created;
      try {
        created =
            new ConferenceCreation(
                    HttpClients.trusting(cacert),
                    enroll,
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry))
                .create(uri, user, password, focus, own, lifetime)
                .block(Duration.ofSeconds(60));
      } catch (org.p2psip.client.conference.ConferenceException
          | org.p2psip.client.registry.RegistryRefusal e) {
        err.println("conference not created: " + e.getMessage());
        return EXIT_REFUSED;
      } catch (RuntimeException e) {
        err.println("conference not created: " + rootMessage(e));
        return EXIT_UNREACHABLE;
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

    private Path save(ConferenceCreation.Created created) throws Exception {
      Path directory = dir.resolve(created.uri());
      Files.createDirectories(directory);
      Path key = directory.resolve("key.pem");
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(key, pem(new JcaPKCS8Generator(created.keys().getPrivate(), null)));
      Files.writeString(directory.resolve("cert.pem"), pem(created.certificate()));
      return directory;
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
    @picocli.CommandLine.Mixin RegistryOption registry;

    @Option(names = "--uri", required = true)
    String uri;

    @Option(
        names = "--overlay-ca",
        description = "the overlay CA certificate (PEM) the foci's certificates must chain to")
    Path overlayCa;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String conference = ResourceIds.withoutSipScheme(uri);
      X509Certificate ca = null;
      if (overlayCa != null) {
        try (var in = Files.newInputStream(overlayCa)) {
          ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
      }
      RegistryClient.Fetched fetched;
      try {
        fetched =
            new RegistryClient(HttpClient.newHttpClient(), registry.registry)
                .fetch(conference, "disco")
                .block(Duration.ofSeconds(15));
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("cannot fetch the conference: " + rootMessage(e));
        return EXIT_UNREACHABLE;
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

  static String pem(Object object) throws java.io.IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
