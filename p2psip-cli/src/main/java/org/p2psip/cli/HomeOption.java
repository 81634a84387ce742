package org.p2psip.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Option;

/** {@code --home}: where the profiles are (a mixin of every command that reads or saves one). */
final class HomeOption {

  @Option(names = "--home", description = "profile home (default: $P2PSIP_HOME or ~/.p2psip)")
  @Nullable Path home;

  /** The given home, else {@code $P2PSIP_HOME}, else {@code ~/.p2psip}. */
  Path home() {
    return home == null ? Profiles.defaultHome() : home;
  }

  Profiles profiles() {
    return new Profiles(home());
  }
}
