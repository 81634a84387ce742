package org.p2psip.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.enroll.SavedConfiguration;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Option;

/** The options of a command that may answer a host peer's CHAP challenge (docs/protocol.md 2.3). */
final class ChapOptions {

  @Option(
      names = "--chap",
      description =
          "answer a peer's CHAP challenge as --user (default: your profile's user) with the"
              + " password from --password or $P2PSIP_PASSWORD")
  boolean enabled;

  @Option(names = "--user", description = "account for --chap")
  @Nullable String user;

  @Option(names = "--password", description = "password for --chap (else $P2PSIP_PASSWORD)")
  @Nullable String password;

  @Option(
      names = "--overlay",
      description =
          "overlay name the CHAP key is derived for (default: your profile's, else"
              + " overlay.example.org)")
  @Nullable String overlay;

  /**
   * The credentials, or null without {@code --chap}. Derives K (100,000 PBKDF2 rounds) here, once.
   *
   * @param home the profile home
   * @param profile the profile named on the command line, or null for the default one
   */
  @Nullable ChapCredentials credentials(Path home, @Nullable String profile) throws IOException {
    if (!enabled) {
      return null;
    }
    String secret = password != null ? password : System.getenv("P2PSIP_PASSWORD");
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("--chap needs --password or $P2PSIP_PASSWORD");
    }
    String account = user != null ? user : new Profiles(home).load(profile).user();
    return ChapCredentials.derive(overlayName(home, profile), account, secret);
  }

  /** Whether the session authenticates as the profile's own user (so owns its records). */
  boolean asProfileUser() {
    return enabled && user == null;
  }

  /** The overlay named by the profile's saved configuration, else the default overlay. */
  private String overlayName(Path home, @Nullable String profile) throws IOException {
    if (overlay != null) {
      return overlay;
    }
    Optional<String> saved =
        new Profiles(home)
            .savedConfigurationOf(profile)
            .map(SavedConfiguration::overlayName)
            .filter(name -> !name.isEmpty());
    return saved.orElse("overlay.example.org");
  }
}
