package org.p2psip.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Enrols this device: verified configuration, key pair, CSR, certificate, saved profile. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch and verify the overlay configuration (signature, signer, root), make a P-256 key and"
          + " CSR, enrol with your account (RFC 6940 11.3) and save key (mode 600), certificate and"
          + " overlay root under the profile directory.",
      "Exit codes: 0 enrolled; 4 refused (credentials, CSR, configuration not trustworthy); 5"
          + " service unreachable."
    })
final class EnrollCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EnrollmentServerOptions endpoint;

  @Option(names = "--user", required = true)
  String user;

  @Option(names = "--password", required = true)
  String password;

  @Option(names = "--nodeids", defaultValue = "1", description = "Node-IDs to ask for")
  int nodeIds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Enrollment.Enrolled enrolled;
    Progress.of(spec)
        .step(
            "fetching and verifying the overlay configuration from "
                + endpoint.server
                + ", making a key, enrolling");
    try {
      enrolled =
          new Enrollment(HttpClients.trusting(endpoint.cacert), endpoint.server)
              .enroll(user, password, nodeIds)
              .block(Duration.ofSeconds(60));
    } catch (Enrollment.EnrollmentException e) {
      err.println("not enrolled: " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (RuntimeException e) {
      err.println("not enrolled: " + ConferenceCommand.rootMessage(e));
      return ExitCodes.UNREACHABLE;
    }
    Profiles profiles = endpoint.profiles();
    Path saved = profiles.save(user, enrolled);
    if (endpoint.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("user", enrolled.identity().userName());
      result.put("nodeIds", enrolled.identity().nodeIds().stream().map(id -> id.hex()).toList());
      result.put("overlay", enrolled.configuration().overlayName());
      result.put("configurationSequence", enrolled.configuration().sequence());
      result.put("serial", enrolled.certificate().getSerialNumber().toString(16));
      result.put("notAfter", enrolled.certificate().getNotAfter().toInstant().toString());
      result.put("profile", saved.toString());
      out.println(JsonMapper.builder().build().writeValueAsString(result));
      return 0;
    }
    out.printf(
        "Overlay %s: configuration sequence %d verified (signer chained to the root, signature ok),"
            + " %d bootstrap peer(s)%n",
        enrolled.configuration().overlayName(),
        enrolled.configuration().sequence(),
        enrolled.configuration().bootstrapPeers().size());
    out.printf(
        "Enrolled %s: Node-ID(s) %s, serial %s, valid until %s%n",
        enrolled.identity().userName(),
        String.join(", ", enrolled.identity().nodeIds().stream().map(id -> id.hex()).toList()),
        enrolled.certificate().getSerialNumber().toString(16),
        enrolled.certificate().getNotAfter().toInstant());
    out.printf("Profile saved in %s (key readable by you only)%n", saved);
    return 0;
  }
}
