package org.p2psip.cli;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the enrollment service (or the gateway in front of it) is, and whom to trust for HTTPS. */
final class EnrollmentServerOptions {

  @Option(
      names = "--server",
      defaultValue = "${env:P2PSIP_ENROLL:-https://127.0.0.1:8081}",
      description = "enrollment service or gateway (default: ${DEFAULT-VALUE})")
  URI server;

  @Option(names = "--cacert", description = "PEM certificate(s) trusted for the server's HTTPS")
  @Nullable Path cacert;

  @Mixin HomeOption home;

  @Option(names = "--json")
  boolean json;

  Profiles profiles() {
    return home.profiles();
  }
}
