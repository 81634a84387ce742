package org.p2psip.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One line on stderr before each long step of a command ("... probing 3 landmarks"), so that a
 * person at a terminal sees what is being waited for. Only when the command runs interactively (a
 * console) and {@code P2PSIP_QUIET} is unset: scripts and {@code --json} readers see nothing extra,
 * and stdout is never touched.
 */
final class Progress {

  private final PrintWriter err;
  private final boolean shown;

  private Progress(PrintWriter err, boolean shown) {
    this.err = err;
    this.shown = shown;
  }

  static Progress of(CommandSpec spec) {
    return new Progress(
        spec.commandLine().getErr(),
        System.console() != null && System.getenv("P2PSIP_QUIET") == null);
  }

  void step(String what) {
    if (shown) {
      err.println("... " + what);
      err.flush();
    }
  }
}
