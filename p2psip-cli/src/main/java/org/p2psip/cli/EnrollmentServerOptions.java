package org.p2psip.cli;

import java.net.URI;
import java.nio.file.Path;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Option;

/** Where the enrollment service (or the gateway in front of it) is, and whom to trust for HTTPS. */
final class EnrollmentServerOptions {

  @Option(
      names = "--server",
      defaultValue = "${env:P2PSIP_ENROLL:-https://127.0.0.1:8081}",
      description = "enrollment service or gateway (default: ${DEFAULT-VALUE})")
  URI server;

  @Option(names = "--cacert", description = "PEM certificate(s) trusted for the server's HTTPS")
  Path cacert;

  @Option(names = "--home", description = "profile home (default: $P2PSIP_HOME or ~/.p2psip)")
  Path home;

  @Option(names = "--json")
  boolean json;

  Profiles profiles() {
    return new Profiles(home == null ? Profiles.defaultHome() : home);
  }
}
