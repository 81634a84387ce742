package org.p2psip.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.profile.Profiles;
import picocli.CommandLine.Option;

/** The options of a command that may answer a host peer's CHAP challenge (docs/protocol.md 2.3). */
final class ChapOptions {

  private static final Pattern INSTANCE_NAME = Pattern.compile("instance-name=\"([^\"]+)\"");

  @Option(
      names = "--chap",
      description =
          "answer a peer's CHAP challenge as --user (default: your profile's user) with the"
              + " password from --password or $P2PSIP_PASSWORD")
  boolean enabled;

  @Option(names = "--user", description = "account for --chap")
  String user;

  @Option(names = "--password", description = "password for --chap (else $P2PSIP_PASSWORD)")
  String password;

  @Option(
      names = "--overlay",
      description =
          "overlay name the CHAP key is derived for (default: your profile's, else"
              + " overlay.example.org)")
  String overlay;

  /**
   * The credentials, or null without {@code --chap}. Derives K (100,000 PBKDF2 rounds) here, once.
   *
   * @param home the profile home
   * @param profile the profile named on the command line, or null for the default one
   */
  ChapCredentials credentials(Path home, String profile) throws IOException {
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
  private String overlayName(Path home, String profile) throws IOException {
    if (overlay != null) {
      return overlay;
    }
    Profiles profiles = new Profiles(home);
    String name = profile != null ? profile : profiles.defaultUser().orElse(null);
    if (name != null) {
      var found =
          profiles.savedConfiguration(name).map(INSTANCE_NAME::matcher).filter(Matcher::find);
      if (found.isPresent()) {
        return found.get().group(1);
      }
    }
    return "overlay.example.org";
  }
}
