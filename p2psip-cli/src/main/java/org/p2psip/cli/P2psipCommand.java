package org.p2psip.cli;

import org.p2psip.cli.netcoord.NetcoordCommand;
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
      RenewCommand.class,
      ProfileCommand.class,
      WireCommand.class,
      PeerCommand.class,
      RecordCommands.Peers.class,
      RecordCommands.Put.class,
      RecordCommands.Get.class,
      RecordCommands.Remove.class,
      CoordsCommand.class,
      ConferenceCommand.class,
      ConferenceCommand.Watch.class,
      FocusCommand.class,
      LoadCommand.class,
      NetcoordCommand.class
    })
public final class P2psipCommand {

  public static void main(String[] args) {
    // Errors of parallel operations after the first are reported once by the command, not
    // dumped by Reactor one stack trace each.
    Hooks.onErrorDropped(error -> {});
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new P2psipCommand())
        .setExecutionExceptionHandler(P2psipCommand::reportFailure);
  }

  /**
   * A command that throws gets one line on stderr, not a stack trace: its name and the innermost
   * cause's message ({@code P2PSIP_DEBUG=1} prints the trace too). Wrong input exits {@value
   * ExitCodes#BAD_INPUT}, anything else {@value ExitCodes#FAILED}.
   */
  private static int reportFailure(
      Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    command.getErr().println(command.getCommandName() + ": " + message);
    if (System.getenv("P2PSIP_DEBUG") != null) {
      failure.printStackTrace(command.getErr());
    }
    return failure instanceof IllegalArgumentException ? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
  }
}
