package org.p2psip.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.enroll.Renewal;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Renews a profile's certificate with a fresh key, keeping user name and Node-IDs. */
@Command(
    name = "renew",
    mixinStandardHelpOptions = true,
    description = {
      "Make a new P-256 key and CSR and renew the profile's certificate (same user name and"
          + " Node-IDs, new key, serial and validity), proving possession of the current key by"
          + " signing the CSR with it or, with --client-certificate, by presenting the current"
          + " certificate in the TLS handshake with the gateway.",
      "Exit codes: 0 renewed; 4 refused (expired, revoked, disabled account, bad proof); 5"
          + " service unreachable."
    })
final class RenewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EnrollmentServerOptions endpoint;

  @Option(
      names = "--client-certificate",
      description =
          "present the current certificate as TLS client certificate (to the gateway) instead of"
              + " signing the CSR with the current key")
  boolean clientCertificate;

  @Mixin ProfileOption profile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Profiles profiles = endpoint.profiles();
    Profiles.Profile current = profiles.load(profile.profile);
    Renewal.Renewed renewed;
    Progress.of(spec).step("making a new key, renewing at " + endpoint.server);
    try {
      renewed =
          new Renewal(
                  clientCertificate
                      ? HttpClients.withClientCertificate(
                          endpoint.cacert, current.key(), current.certificate())
                      : HttpClients.trusting(endpoint.cacert),
                  endpoint.server)
              .renew(current, clientCertificate)
              .block(Duration.ofSeconds(60));
    } catch (Enrollment.EnrollmentException e) {
      err.println("not renewed: " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (RuntimeException e) {
      err.println("not renewed: " + ConferenceCommand.rootMessage(e));
      return ExitCodes.UNREACHABLE;
    }
    profiles.saveRenewed(current.user(), renewed.keys().getPrivate(), renewed.certificate());
    String previous = current.certificate().getSerialNumber().toString(16);
    String serial = renewed.certificate().getSerialNumber().toString(16);
    String proof = clientCertificate ? "TLS client certificate" : "signature over the CSR";
    if (endpoint.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("user", renewed.identity().userName());
      result.put("nodeIds", renewed.identity().nodeIds().stream().map(id -> id.hex()).toList());
      result.put("previousSerial", previous);
      result.put("serial", serial);
      result.put("notAfter", renewed.certificate().getNotAfter().toInstant().toString());
      result.put("proof", proof);
      out.println(JsonMapper.builder().build().writeValueAsString(result));
      return 0;
    }
    out.printf(
        "Renewed %s (proof: %s): serial %s -> %s, new key, valid until %s; Node-ID(s) %s kept%n",
        renewed.identity().userName(),
        proof,
        previous,
        serial,
        renewed.certificate().getNotAfter().toInstant(),
        String.join(", ", renewed.identity().nodeIds().stream().map(id -> id.hex()).toList()));
    return 0;
  }
}
