package org.p2psip.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.reload.CertificateIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** The saved identities: list them, show one, export one as PKCS#12 for other software. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = "List, show or export the identities saved by 'p2psip enroll'.",
    subcommands = {
      ProfileCommand.ListProfiles.class,
      ProfileCommand.Show.class,
      ProfileCommand.Export.class
    })
final class ProfileCommand {

  /** Which home and which profile. */
  static final class Which {
    @Mixin HomeOption home;

    @Mixin ProfileOption profile;

    Profiles profiles() {
      return home.profiles();
    }

    @Nullable String profile() {
      return profile.profile;
    }
  }

  static Map<String, Object> describe(Profiles.Profile profile, Path directory) {
    CertificateIdentity identity = CertificateIdentity.of(profile.certificate());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("user", identity.userName());
    result.put("nodeIds", identity.nodeIds().stream().map(id -> id.hex()).toList());
    result.put("serial", profile.certificate().getSerialNumber().toString(16));
    result.put("notAfter", profile.certificate().getNotAfter().toInstant().toString());
    result.put("issuer", profile.ca().getSubjectX500Principal().getName());
    result.put("directory", directory.toString());
    return result;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The saved profiles.")
  static final class ListProfiles implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Which which;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Profiles profiles = which.profiles();
      String current = profiles.defaultUser().orElse(null);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String user : profiles.users()) {
        Map<String, Object> row = describe(profiles.load(user), profiles.directory(user));
        row.put("default", user.equals(current));
        rows.add(row);
      }
      if (json) {
        out.println(JsonMapper.builder().build().writeValueAsString(rows));
        return 0;
      }
      out.printf("  %-1s %-32s %-34s %s%n", "", "USER", "NODE-ID", "VALID UNTIL");
      for (Map<String, Object> row : rows) {
        out.printf(
            "  %-1s %-32s %-34s %s%n",
            Boolean.TRUE.equals(row.get("default")) ? "*" : "",
            row.get("user"),
            ((List<?>) row.get("nodeIds")).get(0),
            row.get("notAfter"));
      }
      if (rows.isEmpty()) {
        out.println("  no profiles in " + profiles.home() + ": run 'p2psip enroll'");
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One profile.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Which which;

    @Override
    public Integer call() throws Exception {
      Profiles profiles = which.profiles();
      Profiles.Profile profile = profiles.load(which.profile());
      spec.commandLine()
          .getOut()
          .println(
              JsonMapper.builder()
                  .build()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(describe(profile, profiles.directory(profile.user()))));
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write key, certificate and overlay root as one PKCS#12 file (mode 600), for software"
              + " that takes a keystore (SIP user agents, browsers, Java).")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Which which;

    @Option(names = "--out", required = true, description = "the .p12 file to write (not replaced)")
    Path out;

    @Option(
        names = "--password",
        description = "the keystore's password (else $P2PSIP_EXPORT_PASSWORD)")
    @Nullable String password;

    @Override
    public Integer call() throws Exception {
      String secret = password != null ? password : System.getenv("P2PSIP_EXPORT_PASSWORD");
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("give --password or $P2PSIP_EXPORT_PASSWORD");
      }
      if (Files.exists(out)) {
        throw new IllegalArgumentException(out + " exists: not replaced");
      }
      Profiles.Profile profile = which.profiles().load(which.profile());
      Profiles.exportPkcs12(profile, out, secret.toCharArray());
      spec.commandLine()
          .getOut()
          .printf("Exported %s (key, certificate, overlay root) to %s%n", profile.user(), out);
      return 0;
    }
  }
}
