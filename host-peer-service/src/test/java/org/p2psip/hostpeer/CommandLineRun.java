package org.p2psip.hostpeer;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.p2psip.cli.P2psipCommand;

/** The {@code p2psip} command line run in this JVM: its exit code, stdout and stderr. */
public record CommandLineRun(int exit, String out, String err) {

  public static CommandLineRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        P2psipCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CommandLineRun(exit, out.toString(), err.toString());
  }
}
