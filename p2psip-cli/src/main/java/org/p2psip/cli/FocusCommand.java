package org.p2psip.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.p2psip.probe.ProbeResponder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The focus side of "shortlist then probe": answer joiners' RTT probes (docs/protocol.md 5). */
@Command(
    name = "focus",
    mixinStandardHelpOptions = true,
    description = "Serve a focus of a conference; focus helpers.",
    subcommands = {FocusServeCommand.class, FocusServeLocalCommand.class, FocusCommand.Serve.class})
final class FocusCommand {

  @Command(
      name = "serve-probes",
      mixinStandardHelpOptions = true,
      description =
          "Answer RTT probes on a UDP/TCP port until stopped, so that joiners can probe this focus"
              + " (advertise its URI with ;probe=<port>).")
  static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0")
    String bind;

    @Option(names = "--id", defaultValue = "focus")
    String id;

    @Option(
        names = "--reply-delay",
        defaultValue = "0s",
        converter = DurationConverter.class,
        description = "simulated access delay (demonstrations on one machine only)")
    Duration replyDelay;

    @Override
    public Integer call() throws InterruptedException {
      ProbeResponder responder =
          new ProbeResponder(
                  new ProbeResponder.Settings(id, bind, port, 200, 50, replyDelay),
                  ProbeResponder.Listener.NONE)
              .start();
      spec.commandLine()
          .getOut()
          .printf("focus %s answering probes on port %d%n", id, responder.port());
      spec.commandLine().getOut().flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    responder.stop();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }
  }
}
