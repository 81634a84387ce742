package org.p2psip.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import reactor.core.publisher.Hooks;

/** The {@code p2psip} command line. */
@Command(
    name = "p2psip",
    mixinStandardHelpOptions = true,
    version = "p2psip 0.1.0",
    description = "Client of the P2PSIP overlay: enrol, use host peers, conferences.",
    subcommands = {
      EnrollCommand.class,
      WireCommand.class,
      PeerCommand.class,
      RecordCommands.Peers.class,
      RecordCommands.Put.class,
      RecordCommands.Get.class,
      RecordCommands.Remove.class,
      CoordsCommand.class,
      ConferenceCommand.class,
      FocusCommand.class,
      LoadCommand.class
    })
public final class P2psipCommand {

  /** Exit code for input the command could not use (bad hex, malformed message). */
  public static final int EXIT_BAD_INPUT = 2;

  public static void main(String[] args) {
    // Errors of parallel operations after the first are reported once by the command, not
    // dumped by Reactor one stack trace each.
    Hooks.onErrorDropped(error -> {});
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new P2psipCommand());
  }
}
