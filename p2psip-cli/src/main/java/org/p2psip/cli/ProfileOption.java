package org.p2psip.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --profile}: whose profile (a mixin of every command that uses one). */
final class ProfileOption {

  @Option(names = "--profile", description = "whose profile (default: the last enrolled)")
  @Nullable String profile;
}
